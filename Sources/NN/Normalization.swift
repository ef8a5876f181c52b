import Tensors

// The normalizations of the networks Masque runs and trains.

/// DFL `pixel_norm`: `x · rsqrt(mean(x², dims) + 1e-6)`; dims default to all but the batch.
public func pixelNorm(_ x: Tensor, dims: [Int]? = nil) -> Tensor {
    x * (x.square().mean(dims ?? Array(1..<x.rank), keepDims: true) + 1e-6).rsqrt()
}

/// Batch normalisation in inference form, as DFL's FAN port computes it:
/// `(x − running_mean) / sqrt(running_var + 1e-5) · weight + bias`, per channel.
public final class BatchNorm2D: Module, @unchecked Sendable {
    public let weight: Parameter
    public let bias: Parameter
    public let running_mean: Parameter
    public let running_var: Parameter

    /// A layer of `channels` channels: weight 1, bias 0, running mean 0, running variance 1.
    public init(_ channels: Int) {
        weight = Parameter(Tensor.ones([channels]))
        bias = Parameter(Tensor.zeros([channels]))
        running_mean = Parameter(Tensor.zeros([channels]))
        running_var = Parameter(Tensor.ones([channels]))
    }

    /// NCHW in, NCHW out.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        func channel(_ p: Parameter) -> Tensor { p.value.reshaped([1, -1, 1, 1]) }
        return (x - channel(running_mean)) / (channel(running_var) + 1e-5).sqrt() * channel(weight) + channel(bias)
    }
}

/// DFL leras `FRNorm2D` (`core/leras/layers/FRNorm2D.py`), Filter Response Normalization as DFL
/// implements it (no mean subtraction): `x · rsqrt(mean_{H,W}(x²) + |eps|) · weight + bias`, per
/// sample and channel. `eps` is learned and shared by all channels (DFL's shape (1,)).
public final class FRNorm2D: Module, @unchecked Sendable {
    public let weight: Parameter
    public let bias: Parameter
    public let eps: Parameter

    /// A layer of `channels` channels: weight 1, bias 0, eps 1e-6 (DFL's initial values).
    public init(_ channels: Int) {
        weight = Parameter(Tensor.ones([channels]))
        bias = Parameter(Tensor.zeros([channels]))
        eps = Parameter(Tensor.full([1], 1e-6))
    }

    /// NCHW in, NCHW out.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        func channel(_ p: Parameter) -> Tensor { p.value.reshaped([1, -1, 1, 1]) }
        let nu2 = x.square().mean([2, 3], keepDims: true)
        return x * (nu2 + eps.value.abs()).rsqrt() * channel(weight) + channel(bias)
    }
}
