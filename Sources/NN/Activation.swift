import Tensors

/// The activation of DFL's `DeepFakeArchi` blocks: leaky ReLU, or `x·cos(x)` with archi option `-c`.
public enum BlockActivation: Sendable {
    case leakyRelu
    case cosine

    /// `leaky_relu(x, slope)`, or `x·cos(x)` (the slope is then unused, as in DFL).
    public func callAsFunction(_ x: Tensor, slope: Double) -> Tensor {
        switch self {
        case .leakyRelu: x.leakyRelu(slope)
        case .cosine: x * x.cos()
        }
    }
}
