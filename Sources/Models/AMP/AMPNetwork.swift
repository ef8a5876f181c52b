import NN
import Tensors

/// The AMP autoencoder of DFL's `Model_AMP` (reference §6.1): one `encoder`, two single-dense
/// inters (`inter_src`, `inter_dst`) and one `decoder` (SAEHD's decoder with `-dt`: four
/// Upscale + ResidualBlock pairs, the 2× shuffled output, five mask Upscales). Parameter names are
/// DFL's weight keys prefixed by the part's file (`inter_src.dense2.weight` ↔
/// `<name>_AMP_inter_src.npy`'s `dense2/weight:0`).
public final class AMPNetwork: Module, @unchecked Sendable {
    public let encoder: AMPEncoder
    public let inter_src: AMPInter
    public let inter_dst: AMPInter
    public let decoder: SAEHDDecoder

    public let dimensions: AMPDimensions

    /// The SAEHD decoder flags AMP's decoder has: deeper (`t`) and double resolution (`d`).
    public static let decoderArchitecture = SAEHDArchitecture(base: .liae, doubleResolution: true, deeper: true)

    /// Builds the network with DFL's initialisers drawn from `generator`; `dimensions.resolution`
    /// must be a multiple of 32.
    public init(dimensions: AMPDimensions, generator: Generator? = nil) {
        self.dimensions = dimensions
        encoder = AMPEncoder(dimensions: dimensions, generator: generator)
        inter_src = AMPInter(dimensions: dimensions, generator: generator)
        inter_dst = AMPInter(dimensions: dimensions, generator: generator)
        decoder = SAEHDDecoder(inChannels: dimensions.inter, dimensions: dimensions.decoder, maskDimensions: dimensions.decoderMask,
                               architecture: Self.decoderArchitecture, generator: generator)
    }

    /// The parts as DFL stores them, one weight file each (`<name>_AMP_<part>.npy`).
    public var parts: [(name: String, module: Module)] {
        [("encoder", encoder), ("inter_src", inter_src), ("inter_dst", inter_dst), ("decoder", decoder)]
    }

    /// The channels a swap at morph value `value` takes from `inter_src` (DFL's
    /// `tf.cast(inter_dims · value, int32)`, in float32).
    public static func morphChannels(inter: Int, value: Double) -> Int {
        Int((Float(inter) * Float(value)).rounded(.towardZero))
    }

    /// DFL's training mix of src's code: per sample, exactly `int(inter_dims · morph_factor)`
    /// channels at random positions are 1 (taken from `inter_src`), the rest 0 (from `inter_dst`).
    /// (N, inter_dims, 1, 1) float32 on the CPU.
    public func morphMask(count: Int, factor: Double, generator: Generator? = nil) -> Tensor {
        let channels = dimensions.inter
        let ones = Int(Double(channels) * factor)
        let draws = Tensor.uniform([count, channels], generator: generator).floats()
        var mask = [Float](repeating: 0, count: count * channels)
        for row in 0..<count {
            let order = (0..<channels).sorted { draws[row * channels + $0] < draws[row * channels + $1] }
            for channel in order.prefix(ones) { mask[row * channels + channel] = 1 }
        }
        return Tensor(mask, shape: [count, channels, 1, 1])
    }

    /// What one training step needs: src→src (src's code mixed by `morphMask`) and dst→dst
    /// (`inter_dst`'s code), each face (N, 3, R, R) with its mask (N, 1, R, R).
    public struct Outputs {
        public var sourceFace: Tensor
        public var sourceMask: Tensor
        public var destinationFace: Tensor
        public var destinationMask: Tensor
    }

    /// DFL's training graph on src and dst faces (NCHW, BGR in [0, 1]); the encoder and the
    /// decoder run once on both batches stacked.
    public func callAsFunction(source: Tensor, destination: Tensor, morphMask: Tensor) -> Outputs {
        let count = source.shape[0]
        let features = encoder(Tensor.cat([source, destination], dim: 0))
        let sourceFeatures = features.slice(0, 0, count)
        let dstCodes = inter_dst(features)
        let mask = morphMask.to(device: source.device)
        let sourceCode = inter_src(sourceFeatures) * mask + dstCodes.slice(0, 0, count) * (1 - mask)
        let decoded = decoder(Tensor.cat([sourceCode, dstCodes.slice(0, count, 2 * count)], dim: 0))
        return Outputs(sourceFace: decoded.face.slice(0, 0, count), sourceMask: decoded.mask.slice(0, 0, count),
                       destinationFace: decoded.face.slice(0, count, 2 * count), destinationMask: decoded.mask.slice(0, count, 2 * count))
    }

    /// dst faces' code swapped at each morph value: the first `morphChannels` channels from
    /// `inter_src`, the rest from `inter_dst`; and dst's own code (`inter_dst`), last.
    func swapCodes(_ destination: Tensor, morphValues: [Double]) -> [Tensor] {
        let code = encoder(destination)
        let (source, own) = (inter_src(code), inter_dst(code))
        let inter = dimensions.inter
        let swaps = morphValues.map { value -> Tensor in
            let k = min(max(Self.morphChannels(inter: inter, value: value), 0), inter)
            if k == 0 { return own }
            if k == inter { return source }
            return Tensor.cat([source.slice(1, 0, k), own.slice(1, k, inter)], dim: 1)
        }
        return swaps + [own]
    }

    /// The swap alone (DFL's `AE_merge` and the `.dfm` graph): dst faces at morph value `morph`
    /// → (swapped face, its mask, dst's own mask).
    public func swap(_ destination: Tensor, morph: Double) -> (face: Tensor, mask: Tensor, destinationMask: Tensor) {
        let count = destination.shape[0]
        let decoded = decoder(Tensor.cat(swapCodes(destination, morphValues: [morph]), dim: 0))
        return (decoded.face.slice(0, 0, count), decoded.mask.slice(0, 0, count), decoded.mask.slice(0, count, 2 * count))
    }

    /// Swaps of dst faces at several morph values, each (face, mask), and dst→dst last: what the
    /// preview shows.
    public func swaps(_ destination: Tensor, morphValues: [Double]) -> [(face: Tensor, mask: Tensor)] {
        let count = destination.shape[0]
        let decoded = decoder(Tensor.cat(swapCodes(destination, morphValues: morphValues), dim: 0))
        return (0...morphValues.count).map { i in
            (decoded.face.slice(0, i * count, (i + 1) * count), decoded.mask.slice(0, i * count, (i + 1) * count))
        }
    }
}
