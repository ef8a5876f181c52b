import Tensors

/// Weight initialisers used by DFL's models.
public enum Initializer: Sendable {
    /// TensorFlow's default `glorot_uniform`: U(−l, l), l = √(6 / (fan_in + fan_out)),
    /// where a k×k convolution has fan_in = k²·in and fan_out = k²·out. DFL's kernels use it.
    case glorotUniform
    /// All zeros (DFL's biases).
    case zeros

    /// A tensor of `shape` with the given fans; `generator` makes it reproducible.
    public func make(_ shape: [Int], fanIn: Int, fanOut: Int, generator: Generator?) -> Tensor {
        switch self {
        case .glorotUniform:
            let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape, low: -limit, high: limit, generator: generator)
        case .zeros:
            return Tensor.zeros(shape)
        }
    }
}
