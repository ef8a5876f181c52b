import NN
import Tensors

/// AMP's `Inter` (`inter_src`, `inter_dst`; reference §6.1): one dense layer `dense2` from
/// `ae_dims` to `inter_dims` codes of side R/32.
public final class AMPInter: Module, @unchecked Sendable {
    public let dense2: Dense
    let channels: Int
    let side: Int

    public init(dimensions: AMPDimensions, generator: Generator? = nil) {
        channels = dimensions.inter
        side = dimensions.interSide
        dense2 = Dense(dimensions.autoencoder, side * side * channels, generator: generator)
    }

    /// (N, ae_dims) → (N, inter_dims, R/32, R/32).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        dense2(x).reshaped([x.shape[0], channels, side, side])
    }
}
