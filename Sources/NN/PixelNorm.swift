import Tensors

/// DFL `pixel_norm`: `x · rsqrt(mean(x², dims) + 1e-6)`; dims default to all but the batch.
public func pixelNorm(_ x: Tensor, dims: [Int]? = nil) -> Tensor {
    x * (x.square().mean(dims ?? Array(1..<x.rank), keepDims: true) + 1e-6).rsqrt()
}
