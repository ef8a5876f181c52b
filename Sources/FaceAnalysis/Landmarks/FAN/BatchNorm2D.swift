import NN
import Tensors

/// Batch normalisation in inference form, as DFL's FAN port computes it:
/// `(x − running_mean) / sqrt(running_var + 1e-5) · weight + bias`, per channel.
final class BatchNorm2D: Module, @unchecked Sendable {
    let weight: Parameter
    let bias: Parameter
    let running_mean: Parameter
    let running_var: Parameter

    init(_ channels: Int) {
        weight = Parameter(Tensor.ones([channels]))
        bias = Parameter(Tensor.zeros([channels]))
        running_mean = Parameter(Tensor.zeros([channels]))
        running_var = Parameter(Tensor.ones([channels]))
    }

    /// NCHW in, NCHW out.
    func callAsFunction(_ x: Tensor) -> Tensor {
        func channel(_ p: Parameter) -> Tensor { p.value.reshaped([1, -1, 1, 1]) }
        return (x - channel(running_mean)) / (channel(running_var) + 1e-5).sqrt() * channel(weight) + channel(bias)
    }
}
