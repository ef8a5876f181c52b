import NN
import Tensors

/// AMP's `Encoder` (reference §6.1): five 5×5 stride-2 downscales with a residual block after the
/// first and the last (res/32), flattened in (C, H, W) order, pixel-normed, then `dense1` to
/// `ae_dims`. Weight names as DFL's (`down1.conv1.weight`, …, `dense1.weight`).
public final class AMPEncoder: Module, @unchecked Sendable {
    public let down1: Downscale
    public let res1: ResidualBlock
    public let down2: Downscale
    public let down3: Downscale
    public let down4: Downscale
    public let down5: Downscale
    public let res5: ResidualBlock
    public let dense1: Dense

    public init(dimensions: AMPDimensions, generator: Generator? = nil) {
        let e = dimensions.encoder
        down1 = Downscale(3, e, generator: generator)
        res1 = ResidualBlock(e, generator: generator)
        down2 = Downscale(e, 2 * e, generator: generator)
        down3 = Downscale(2 * e, 4 * e, generator: generator)
        down4 = Downscale(4 * e, 8 * e, generator: generator)
        down5 = Downscale(8 * e, 8 * e, generator: generator)
        res5 = ResidualBlock(8 * e, generator: generator)
        dense1 = Dense(dimensions.interSide * dimensions.interSide * 8 * e, dimensions.autoencoder, generator: generator)
    }

    /// NCHW faces in [0, 1] → (N, ae_dims) codes.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        dense1(pixelNorm(features(x).flattened(), dims: [1]))
    }

    /// The convolutional part alone (N, 8e, R/32, R/32): where DFL's quantized export casts back to float32.
    public func features(_ x: Tensor) -> Tensor {
        res5(down5(down4(down3(down2(res1(down1(x)))))))
    }
}
