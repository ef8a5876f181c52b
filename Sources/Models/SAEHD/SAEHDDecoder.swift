import NN
import Tensors

/// DFL's `Decoder(in_ch, d_ch, d_mask_ch)`: an image path of Upscale + ResidualBlock pairs and
/// a mask path of Upscales, both ending in sigmoid. With `-d` the image comes out of four
/// convolutions concatenated and shuffled 2× (`out_conv`, `out_conv1`…`3`), the mask out of one
/// more Upscale. Names as DFL's (`upscale0`, `res0`, …, `upscalem0`, …, `out_conv`, `out_convm`).
public final class SAEHDDecoder: Module, @unchecked Sendable {
    public let upscale0: Upscale
    public let res0: ResidualBlock
    public let upscale1: Upscale
    public let res1: ResidualBlock
    public let upscale2: Upscale
    public let res2: ResidualBlock
    public let upscale3: Upscale?
    public let res3: ResidualBlock?
    public let upscalem0: Upscale
    public let upscalem1: Upscale
    public let upscalem2: Upscale
    public let upscalem3: Upscale?
    public let upscalem4: Upscale?
    public let out_conv: Conv2D
    public let out_conv1: Conv2D?
    public let out_conv2: Conv2D?
    public let out_conv3: Conv2D?
    public let out_convm: Conv2D

    public init(inChannels: Int, dimensions d: Int, maskDimensions m: Int, architecture: SAEHDArchitecture,
                generator: Generator? = nil) {
        let act: BlockActivation = architecture.cosineActivation ? .cosine : .leakyRelu
        func up(_ i: Int, _ o: Int) -> Upscale { Upscale(i, o, activation: act, generator: generator) }
        func res(_ c: Int) -> ResidualBlock { ResidualBlock(c, activation: act, generator: generator) }
        let (t, double) = (architecture.deeper, architecture.doubleResolution)
        upscale0 = up(inChannels, 8 * d)
        res0 = res(8 * d)
        upscale1 = up(8 * d, t ? 8 * d : 4 * d)
        res1 = res(t ? 8 * d : 4 * d)
        upscale2 = up(t ? 8 * d : 4 * d, t ? 4 * d : 2 * d)
        res2 = res(t ? 4 * d : 2 * d)
        upscale3 = t ? up(4 * d, 2 * d) : nil
        res3 = t ? res(2 * d) : nil
        upscalem0 = up(inChannels, 8 * m)
        upscalem1 = up(8 * m, t ? 8 * m : 4 * m)
        upscalem2 = up(t ? 8 * m : 4 * m, t ? 4 * m : 2 * m)
        upscalem3 = t ? up(4 * m, 2 * m) : (double ? up(2 * m, m) : nil)
        upscalem4 = t && double ? up(2 * m, m) : nil
        out_conv = Conv2D(2 * d, 3, kernel: 1, generator: generator)
        out_conv1 = double ? Conv2D(2 * d, 3, kernel: 3, generator: generator) : nil
        out_conv2 = double ? Conv2D(2 * d, 3, kernel: 3, generator: generator) : nil
        out_conv3 = double ? Conv2D(2 * d, 3, kernel: 3, generator: generator) : nil
        out_convm = Conv2D(double ? m : 2 * m, 1, kernel: 1, generator: generator)
    }

    /// (N, in, s, s) codes → the face (N, 3, R, R) and its mask (N, 1, R, R), both in (0, 1).
    public func callAsFunction(_ z: Tensor) -> (face: Tensor, mask: Tensor) {
        var x = res2(upscale2(res1(upscale1(res0(upscale0(z))))))
        if let upscale3, let res3 { x = res3(upscale3(x)) }
        let face: Tensor
        if let out_conv1, let out_conv2, let out_conv3 {
            face = Tensor.cat([out_conv(x), out_conv1(x), out_conv2(x), out_conv3(x)], dim: 1)
                .depthToSpace(2, order: .tensorflow).sigmoid()
        } else {
            face = out_conv(x).sigmoid()
        }
        var m = upscalem2(upscalem1(upscalem0(z)))
        if let upscalem3 { m = upscalem3(m) }
        if let upscalem4 { m = upscalem4(m) }
        return (face, out_convm(m).sigmoid())
    }
}
