import NN
import Tensors

/// DFL's `Encoder(in_ch=3, e_ch)` of `DeepFakeArchi`: 5×5 stride-2 downscales, flattened in
/// (C, H, W) order, pixel-normed with `-u`. Weight names as DFL's (`down1.downs_0.conv1.weight`).
public final class SAEHDEncoder: Module, @unchecked Sendable {
    /// Without `-t`: DownscaleBlock(3, e, n=4) — e, 2e, 4e, 8e channels, res/16.
    public let down1: Module
    /// With `-t`: the residual blocks and the extra downscales (res/32).
    public let res1: ResidualBlock?
    public let down2: Downscale?
    public let down3: Downscale?
    public let down4: Downscale?
    public let down5: Downscale?
    public let res5: ResidualBlock?
    let architecture: SAEHDArchitecture

    public init(dimensions e: Int, architecture: SAEHDArchitecture, generator: Generator? = nil) {
        self.architecture = architecture
        let act: BlockActivation = architecture.cosineActivation ? .cosine : .leakyRelu
        if architecture.deeper {
            down1 = Downscale(3, e, activation: act, generator: generator)
            res1 = ResidualBlock(e, activation: act, generator: generator)
            down2 = Downscale(e, 2 * e, activation: act, generator: generator)
            down3 = Downscale(2 * e, 4 * e, activation: act, generator: generator)
            down4 = Downscale(4 * e, 8 * e, activation: act, generator: generator)
            down5 = Downscale(8 * e, 8 * e, activation: act, generator: generator)
            res5 = ResidualBlock(8 * e, activation: act, generator: generator)
        } else {
            down1 = DownscaleBlock(3, e, count: 4, activation: act, generator: generator)
            (res1, down2, down3, down4, down5, res5) = (nil, nil, nil, nil, nil, nil)
        }
    }

    /// Spatial side of the encoder's output for a `resolution`-pixel input (each 5×5 stride-2
    /// convolution with 2 pixels of padding gives ⌈side/2⌉).
    public static func outputSide(resolution: Int, architecture: SAEHDArchitecture) -> Int {
        (0..<(architecture.deeper ? 5 : 4)).reduce(resolution) { side, _ in (side + 1) / 2 }
    }

    /// NCHW faces in [0, 1] → (N, 8e·side²) codes.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var y: Tensor
        if let res1, let down2, let down3, let down4, let down5, let res5, let first = down1 as? Downscale {
            y = res5(down5(down4(down3(down2(res1(first(x)))))))
        } else {
            y = (down1 as! DownscaleBlock)(x)
        }
        y = y.flattened()
        return architecture.pixelNorm ? pixelNorm(y, dims: [1]) : y
    }
}
