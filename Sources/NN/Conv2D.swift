import Tensors

/// 2-D convolution (DFL leras `Conv2D`): weight OIHW (DFL stores HWIO), optional bias,
/// DFL's symmetric 'SAME' padding by default.
public final class Conv2D: Module, @unchecked Sendable {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int
    public let padding: ConvPadding
    public let dilation: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: ConvPadding = .same,
                dilation: Int = 1, bias: Bool = true, initializer: Initializer = .glorotUniform, generator: Generator? = nil) {
        weight = Parameter(initializer.make([outChannels, inChannels, kernel, kernel], fanIn: kernel * kernel * inChannels,
                                            fanOut: kernel * kernel * outChannels, generator: generator))
        self.bias = bias ? Parameter(Tensor.zeros([outChannels])) : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }

    /// NCHW in, NCHW out.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.conv2d(weight.value, bias: bias?.value, stride: stride, padding: padding, dilation: dilation)
    }
}

/// DFL leras `Conv2DTranspose` (TensorFlow 'SAME': output = input × stride). Weight in
/// PyTorch layout (in, out, k, k); DFL stores (k, k, out, in).
public final class Conv2DTranspose: Module, @unchecked Sendable {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int = 3, stride: Int = 2, bias: Bool = true,
                initializer: Initializer = .glorotUniform, generator: Generator? = nil) {
        weight = Parameter(initializer.make([inChannels, outChannels, kernel, kernel], fanIn: kernel * kernel * outChannels,
                                            fanOut: kernel * kernel * inChannels, generator: generator))
        self.bias = bias ? Parameter(Tensor.zeros([outChannels])) : nil
        self.stride = stride
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.convTranspose2dSame(weight.value, bias: bias?.value, stride: stride)
    }
}
