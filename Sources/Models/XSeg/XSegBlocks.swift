import NN
import Tensors

/// XSeg's `ConvBlock` (DFL `core/leras/models/XSeg.py`): a 3×3 convolution with bias (DFL's 'SAME'
/// padding) → FRN → TLU (one fused operation). Keeps H and W. Weight keys `conv/weight:0`, `conv/bias:0`,
/// `frn/weight:0`, `frn/bias:0`, `frn/eps:0`, `tlu/tau:0` under the block's name.
public final class XSegConvBlock: Module, @unchecked Sendable {
    public let conv: Conv2D
    public let frn: FRNorm2D
    public let tlu: TLU

    public init(_ inChannels: Int, _ outChannels: Int, generator: Generator? = nil) {
        conv = Conv2D(inChannels, outChannels, kernel: 3, generator: generator)
        frn = FRNorm2D(outChannels)
        tlu = TLU(outChannels)
    }

    /// NCHW in, NCHW out.
    public func callAsFunction(_ x: Tensor) -> Tensor { normalized(conv(x), frn: frn, tlu: tlu) }
}

/// `tlu(frn(x))` as one fused operation (`Tensor.filterResponseNormalizedTLU`).
func normalized(_ x: Tensor, frn: FRNorm2D, tlu: TLU) -> Tensor {
    x.filterResponseNormalizedTLU(weight: frn.weight.value, bias: frn.bias.value, eps: frn.eps.value, tau: tlu.tau.value)
}

/// XSeg's `UpConvBlock`: a 3×3 transposed convolution with bias, stride 2, TensorFlow 'SAME'
/// (DFL stores its kernel (k, k, out, in)) → FRN → TLU. Doubles H and W.
public final class XSegUpConvBlock: Module, @unchecked Sendable {
    public let conv: Conv2DTranspose
    public let frn: FRNorm2D
    public let tlu: TLU

    public init(_ inChannels: Int, _ outChannels: Int, generator: Generator? = nil) {
        conv = Conv2DTranspose(inChannels, outChannels, kernel: 3, stride: 2, generator: generator)
        frn = FRNorm2D(outChannels)
        tlu = TLU(outChannels)
    }

    /// NCHW in, NCHW out.
    public func callAsFunction(_ x: Tensor) -> Tensor { normalized(conv(x), frn: frn, tlu: tlu) }
}
