import Tensors

/// DFL `ResidualBlock(ch, k=3)`: `y = act(conv1(x), 0.2)`; `out = act(x + conv2(y), 0.2)`.
public final class ResidualBlock: Module, @unchecked Sendable {
    public let conv1: Conv2D
    public let conv2: Conv2D
    public let activation: BlockActivation

    public init(_ channels: Int, kernel: Int = 3, activation: BlockActivation = .leakyRelu, generator: Generator? = nil) {
        conv1 = Conv2D(channels, channels, kernel: kernel, generator: generator)
        conv2 = Conv2D(channels, channels, kernel: kernel, generator: generator)
        self.activation = activation
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = activation(conv1(x), slope: 0.2)
        return activation(x + conv2(y), slope: 0.2)
    }
}
