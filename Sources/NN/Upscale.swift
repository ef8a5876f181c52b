import Tensors

/// DFL `Upscale(in, out, k=3)`: conv k×k in→4·out → act(0.1) → depth-to-space(2) in
/// TensorFlow (DCR) order. Doubles H and W.
public final class Upscale: Module, @unchecked Sendable {
    public let conv1: Conv2D
    public let activation: BlockActivation

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int = 3, activation: BlockActivation = .leakyRelu,
                generator: Generator? = nil) {
        conv1 = Conv2D(inChannels, outChannels * 4, kernel: kernel, generator: generator)
        self.activation = activation
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        activation(conv1(x), slope: 0.1).depthToSpace(2, order: .tensorflow)
    }
}
