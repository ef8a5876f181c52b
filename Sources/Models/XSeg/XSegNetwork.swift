import NN
import Tensors

/// DFL's XSeg segmentation network (`core/leras/models/XSeg.py`, reference §4.1): a U-Net of
/// FRN/TLU blocks. The encoder halves the resolution six times with BlurPools (filter sizes 4, 3,
/// 2, 2, 2, 2), a dense bottleneck of 512 works on the (C, H, W)-ordered flattening of the
/// R/64 × R/64 map, and the decoder doubles back with transposed convolutions, concatenating
/// [upsampled, skip] at each level; `out_conv` gives one logit per pixel. Properties are declared
/// in DFL's build order, so parameter names are DFL's keys (`conv01.conv.weight` ↔
/// `conv01/conv/weight:0`) and `DFLWeightWriter` writes them in DFL's order.
public final class XSegNetwork: Module, @unchecked Sendable {
    public let conv01: XSegConvBlock
    public let conv02: XSegConvBlock
    public let bp0: BlurPool
    public let conv11: XSegConvBlock
    public let conv12: XSegConvBlock
    public let bp1: BlurPool
    public let conv21: XSegConvBlock
    public let conv22: XSegConvBlock
    public let bp2: BlurPool
    public let conv31: XSegConvBlock
    public let conv32: XSegConvBlock
    public let conv33: XSegConvBlock
    public let bp3: BlurPool
    public let conv41: XSegConvBlock
    public let conv42: XSegConvBlock
    public let conv43: XSegConvBlock
    public let bp4: BlurPool
    public let conv51: XSegConvBlock
    public let conv52: XSegConvBlock
    public let conv53: XSegConvBlock
    public let bp5: BlurPool
    public let dense1: Dense
    public let dense2: Dense
    public let up5: XSegUpConvBlock
    public let uconv53: XSegConvBlock
    public let uconv52: XSegConvBlock
    public let uconv51: XSegConvBlock
    public let up4: XSegUpConvBlock
    public let uconv43: XSegConvBlock
    public let uconv42: XSegConvBlock
    public let uconv41: XSegConvBlock
    public let up3: XSegUpConvBlock
    public let uconv33: XSegConvBlock
    public let uconv32: XSegConvBlock
    public let uconv31: XSegConvBlock
    public let up2: XSegUpConvBlock
    public let uconv22: XSegConvBlock
    public let uconv21: XSegConvBlock
    public let up1: XSegUpConvBlock
    public let uconv12: XSegConvBlock
    public let uconv11: XSegConvBlock
    public let up0: XSegUpConvBlock
    public let uconv02: XSegConvBlock
    public let uconv01: XSegConvBlock
    public let out_conv: Conv2D

    /// Side of the input faces in pixels (DFL: 256).
    public let resolution: Int
    /// Channels of the first level (DFL's `base_ch`: 32); the deepest levels have 8×.
    public let baseChannels: Int

    /// DFL's XSeg resolution and base channels.
    public static let dflResolution = 256
    public static let dflBaseChannels = 32
    /// Width of the dense bottleneck.
    public static let bottleneck = 512

    /// Whether the network can be built at `resolution`: a positive multiple of 64, so that six
    /// halvings leave a whole map.
    public static func isValid(resolution: Int) -> Bool { resolution >= 64 && resolution % 64 == 0 }

    /// The resolution whose bottleneck takes `denseInputs` values at `baseChannels`
    /// ((R/64)² · 8 · base), nil when none does.
    public static func resolution(denseInputs: Int, baseChannels: Int) -> Int? {
        guard baseChannels > 0, denseInputs % (8 * baseChannels) == 0 else { return nil }
        let area = denseInputs / (8 * baseChannels)
        let side = Int(Double(area).squareRoot().rounded())
        return side > 0 && side * side == area ? side * 64 : nil
    }

    /// Builds the network with DFL's initialisers (glorot-uniform kernels, zero biases, FRN and
    /// TLU at their initial values) drawn from `generator`. `resolution` must pass `isValid`.
    public init(resolution: Int = dflResolution, baseChannels: Int = dflBaseChannels, inChannels: Int = 3, outChannels: Int = 1,
                generator: Generator? = nil) {
        precondition(Self.isValid(resolution: resolution), "XSeg resolution \(resolution) is not a positive multiple of 64")
        self.resolution = resolution
        self.baseChannels = baseChannels
        let b = baseChannels
        let side = resolution / 64
        func block(_ i: Int, _ o: Int) -> XSegConvBlock { XSegConvBlock(i, o, generator: generator) }
        func upBlock(_ i: Int, _ o: Int) -> XSegUpConvBlock { XSegUpConvBlock(i, o, generator: generator) }
        conv01 = block(inChannels, b)
        conv02 = block(b, b)
        bp0 = BlurPool(size: 4)
        conv11 = block(b, b * 2)
        conv12 = block(b * 2, b * 2)
        bp1 = BlurPool(size: 3)
        conv21 = block(b * 2, b * 4)
        conv22 = block(b * 4, b * 4)
        bp2 = BlurPool(size: 2)
        conv31 = block(b * 4, b * 8)
        conv32 = block(b * 8, b * 8)
        conv33 = block(b * 8, b * 8)
        bp3 = BlurPool(size: 2)
        conv41 = block(b * 8, b * 8)
        conv42 = block(b * 8, b * 8)
        conv43 = block(b * 8, b * 8)
        bp4 = BlurPool(size: 2)
        conv51 = block(b * 8, b * 8)
        conv52 = block(b * 8, b * 8)
        conv53 = block(b * 8, b * 8)
        bp5 = BlurPool(size: 2)
        dense1 = Dense(side * side * b * 8, Self.bottleneck, generator: generator)
        dense2 = Dense(Self.bottleneck, side * side * b * 8, generator: generator)
        up5 = upBlock(b * 8, b * 4)
        uconv53 = block(b * 12, b * 8)
        uconv52 = block(b * 8, b * 8)
        uconv51 = block(b * 8, b * 8)
        up4 = upBlock(b * 8, b * 4)
        uconv43 = block(b * 12, b * 8)
        uconv42 = block(b * 8, b * 8)
        uconv41 = block(b * 8, b * 8)
        up3 = upBlock(b * 8, b * 4)
        uconv33 = block(b * 12, b * 8)
        uconv32 = block(b * 8, b * 8)
        uconv31 = block(b * 8, b * 8)
        up2 = upBlock(b * 8, b * 4)
        uconv22 = block(b * 8, b * 4)
        uconv21 = block(b * 4, b * 4)
        up1 = upBlock(b * 4, b * 2)
        uconv12 = block(b * 4, b * 2)
        uconv11 = block(b * 2, b * 2)
        up0 = upBlock(b * 2, b)
        uconv02 = block(b * 2, b)
        uconv01 = block(b, b)
        out_conv = Conv2D(b, outChannels, kernel: 3, generator: generator)
    }

    /// Faces (N, 3, R, R), BGR in [0, 1] → logits and mask = sigmoid(logits), each (N, 1, R, R).
    /// `pretrain` replaces every skip tensor by zeros (DFL's pretraining mode).
    public func callAsFunction(_ input: Tensor, pretrain: Bool = false) -> (logits: Tensor, mask: Tensor) {
        var x = conv01(input)
        x = conv02(x)
        let x0 = x
        x = bp0(x)

        x = conv11(x)
        x = conv12(x)
        let x1 = x
        x = bp1(x)

        x = conv21(x)
        x = conv22(x)
        let x2 = x
        x = bp2(x)

        x = conv31(x)
        x = conv32(x)
        x = conv33(x)
        let x3 = x
        x = bp3(x)

        x = conv41(x)
        x = conv42(x)
        x = conv43(x)
        let x4 = x
        x = bp4(x)

        x = conv51(x)
        x = conv52(x)
        x = conv53(x)
        let x5 = x
        x = bp5(x)

        let side = resolution / 64
        x = dense2(dense1(x.flattened())).reshaped([-1, baseChannels * 8, side, side])

        func joined(_ upsampled: Tensor, _ skip: Tensor) -> Tensor {
            Tensor.cat([upsampled, pretrain ? skip.zerosLike() : skip], dim: 1)
        }
        x = uconv53(joined(up5(x), x5))
        x = uconv52(x)
        x = uconv51(x)

        x = uconv43(joined(up4(x), x4))
        x = uconv42(x)
        x = uconv41(x)

        x = uconv33(joined(up3(x), x3))
        x = uconv32(x)
        x = uconv31(x)

        x = uconv22(joined(up2(x), x2))
        x = uconv21(x)

        x = uconv12(joined(up1(x), x1))
        x = uconv11(x)

        x = uconv02(joined(up0(x), x0))
        x = uconv01(x)

        let logits = out_conv(x)
        return (logits, logits.sigmoid())
    }
}
