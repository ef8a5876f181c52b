import Tensors

/// DFL `Downscale(in, out, k=5)`: conv k×k stride 2 → act(0.1). Halves H and W.
public final class Downscale: Module, @unchecked Sendable {
    public let conv1: Conv2D
    public let activation: BlockActivation

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int = 5, activation: BlockActivation = .leakyRelu,
                generator: Generator? = nil) {
        conv1 = Conv2D(inChannels, outChannels, kernel: kernel, stride: 2, generator: generator)
        self.activation = activation
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { activation(conv1(x), slope: 0.1) }
}

/// DFL `DownscaleBlock(in, ch, n, k)`: n Downscales with channels `ch·min(2^i, 8)`.
public final class DownscaleBlock: Module, @unchecked Sendable {
    public let downs: [Downscale]

    public init(_ inChannels: Int, _ channels: Int, count: Int, kernel: Int = 5, activation: BlockActivation = .leakyRelu,
                generator: Generator? = nil) {
        var layers: [Downscale] = []
        var last = inChannels
        for i in 0..<count {
            let out = channels * min(1 << i, 8)
            layers.append(Downscale(last, out, kernel: kernel, activation: activation, generator: generator))
            last = out
        }
        downs = layers
    }

    /// Output channels of the last Downscale.
    public var outChannels: Int { downs.last!.conv1.weight.value.shape[0] }

    public func callAsFunction(_ x: Tensor) -> Tensor { downs.reduce(x) { $1($0) } }
}
