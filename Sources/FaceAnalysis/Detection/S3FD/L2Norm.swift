import NN
import Tensors

/// S3FD's L2Norm: each pixel's feature vector divided by its Euclidean length (+1e-10) and
/// scaled by a learned per-channel weight (DFL stores it as `(1, 1, 1, C)`).
final class L2Norm: Module, @unchecked Sendable {
    let weight: Parameter

    init(_ channels: Int) {
        weight = Parameter(Tensor.ones([channels]))
    }

    /// NCHW in, NCHW out.
    func callAsFunction(_ x: Tensor) -> Tensor {
        let length = x.square().sum([1], keepDims: true).sqrt() + 1e-10
        return x / length * weight.value.reshaped([1, -1, 1, 1])
    }
}
