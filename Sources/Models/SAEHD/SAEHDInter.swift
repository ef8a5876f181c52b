import NN
import Tensors

/// DFL's `Inter(in, ae_ch, ae_out_ch)`: two dense layers, reshaped to (ae_out_ch, ldr, ldr)
/// and, without `-t`, one Upscale (ldr = res/16, or res/32 with `-d`).
public final class SAEHDInter: Module, @unchecked Sendable {
    public let dense1: Dense
    public let dense2: Dense
    public let upscale1: Upscale?
    /// Channels out.
    public let outChannels: Int
    /// Side of the reshaped code (DFL's `lowest_dense_res`).
    public let lowestDenseSide: Int

    public init(inFeatures: Int, autoencoder: Int, outChannels: Int, resolution: Int, architecture: SAEHDArchitecture,
                generator: Generator? = nil) {
        lowestDenseSide = resolution / (architecture.doubleResolution ? 32 : 16)
        self.outChannels = outChannels
        dense1 = Dense(inFeatures, autoencoder, generator: generator)
        dense2 = Dense(autoencoder, lowestDenseSide * lowestDenseSide * outChannels, generator: generator)
        upscale1 = architecture.deeper ? nil
            : Upscale(outChannels, outChannels, activation: architecture.cosineActivation ? .cosine : .leakyRelu, generator: generator)
    }

    /// Spatial side of the output: `lowestDenseSide`, doubled without `-t`.
    public var outputSide: Int { upscale1 == nil ? lowestDenseSide : 2 * lowestDenseSide }

    /// (N, in) codes → (N, outChannels, side, side).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let code = dense2(dense1(x)).reshaped([x.shape[0], outChannels, lowestDenseSide, lowestDenseSide])
        return upscale1.map { $0(code) } ?? code
    }
}
