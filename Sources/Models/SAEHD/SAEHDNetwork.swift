import NN
import Tensors

/// The SAEHD autoencoder of DFL's `Model_SAEHD` (reference §5.3): a shared `encoder`, then
/// for DF one `inter` and a decoder per identity, for LIAE `inter_AB` and `inter_B` feeding one
/// `decoder`. Parameter names are DFL's weight keys, prefixed by the part's file
/// (`encoder.down1.downs_0.conv1.weight` ↔ `<name>_SAEHD_encoder.npy`'s `down1/downs_0/conv1/weight:0`).
public final class SAEHDNetwork: Module, @unchecked Sendable {
    public let encoder: SAEHDEncoder
    /// DF.
    public let inter: SAEHDInter?
    public let decoder_src: SAEHDDecoder?
    public let decoder_dst: SAEHDDecoder?
    /// LIAE.
    public let inter_AB: SAEHDInter?
    public let inter_B: SAEHDInter?
    public let decoder: SAEHDDecoder?

    public let architecture: SAEHDArchitecture
    public let dimensions: SAEHDDimensions

    /// Builds the network with DFL's initialisers (glorot-uniform kernels, zero biases) drawn
    /// from `generator`. `dimensions.resolution` must already follow `roundedResolution`.
    public init(architecture: SAEHDArchitecture, dimensions: SAEHDDimensions, generator: Generator? = nil) {
        self.architecture = architecture
        self.dimensions = dimensions
        let side = SAEHDEncoder.outputSide(resolution: dimensions.resolution, architecture: architecture)
        let encoded = 8 * dimensions.encoder * side * side
        encoder = SAEHDEncoder(dimensions: dimensions.encoder, architecture: architecture, generator: generator)
        func makeInter(_ out: Int) -> SAEHDInter {
            SAEHDInter(inFeatures: encoded, autoencoder: dimensions.autoencoder, outChannels: out,
                       resolution: dimensions.resolution, architecture: architecture, generator: generator)
        }
        func makeDecoder(_ inChannels: Int) -> SAEHDDecoder {
            SAEHDDecoder(inChannels: inChannels, dimensions: dimensions.decoder, maskDimensions: dimensions.decoderMask,
                         architecture: architecture, generator: generator)
        }
        switch architecture.base {
        case .df:
            inter = makeInter(dimensions.autoencoder)
            decoder_src = makeDecoder(dimensions.autoencoder)
            decoder_dst = makeDecoder(dimensions.autoencoder)
            (inter_AB, inter_B, decoder) = (nil, nil, nil)
        case .liae:
            inter_AB = makeInter(2 * dimensions.autoencoder)
            inter_B = makeInter(2 * dimensions.autoencoder)
            decoder = makeDecoder(4 * dimensions.autoencoder)
            (inter, decoder_src, decoder_dst) = (nil, nil, nil)
        }
    }

    /// The parts as DFL stores them, one weight file each (`<name>_SAEHD_<part>.npy`, §5.9):
    /// `encoder`, then `inter`, `decoder_src`, `decoder_dst` (DF) or `inter_AB`, `inter_B`,
    /// `decoder` (LIAE).
    public var parts: [(name: String, module: Module)] {
        let optional: [(String, Module?)] = [("encoder", encoder), ("inter", inter), ("decoder_src", decoder_src),
                                             ("decoder_dst", decoder_dst), ("inter_AB", inter_AB), ("inter_B", inter_B),
                                             ("decoder", decoder)]
        return optional.compactMap { name, module in module.map { (name, $0) } }
    }

    /// What one training step and the merger need: each face with its mask (N, 3|1, R, R).
    public struct Outputs {
        /// src → src reconstruction.
        public var sourceFace: Tensor
        public var sourceMask: Tensor
        /// dst → dst reconstruction.
        public var destinationFace: Tensor
        public var destinationMask: Tensor
        /// dst → src: the swap (nil when not decoded).
        public var swappedFace: Tensor?
        public var swappedMask: Tensor?
        /// What the decoders read: src's, dst's and the swap's code (DF: `inter`'s output; LIAE:
        /// the concatenated `inter_B`/`inter_AB` codes). True-face and face style use them.
        public var sourceCode: Tensor
        public var destinationCode: Tensor
        public var swapCode: Tensor
    }

    /// Runs src and dst faces (NCHW, BGR in [0, 1]) through the network as DFL's training graph
    /// does. `decodingSwap` false skips the swap's decoder pass (a third of the decoding), which
    /// a training step needs only for the style terms. Every part that src and dst share (the
    /// encoder, `inter` or `inter_AB`, LIAE's decoder, DF's `decoder_src` for src→src and the
    /// swap) runs once on both batches stacked: the same values as DFL's separate passes, in
    /// fewer, larger convolutions.
    public func callAsFunction(source: Tensor, destination: Tensor, decodingSwap: Bool = true) -> Outputs {
        let count = source.shape[0]
        let features = encoder(Tensor.cat([source, destination], dim: 0))
        let (sourceCode, destinationCode, swapCode): (Tensor, Tensor, Tensor)
        let srcSrc: (face: Tensor, mask: Tensor), dstDst: (face: Tensor, mask: Tensor)
        var swap: (face: Tensor, mask: Tensor)?
        if let inter, let decoder_src, let decoder_dst {
            let codes = inter(features)
            (sourceCode, destinationCode) = (Self.rows(codes, 0, count), Self.rows(codes, count, 2 * count))
            swapCode = destinationCode
            if decodingSwap {
                let both = decoder_src(codes)
                srcSrc = (Self.rows(both.face, 0, count), Self.rows(both.mask, 0, count))
                swap = (Self.rows(both.face, count, 2 * count), Self.rows(both.mask, count, 2 * count))
            } else {
                srcSrc = decoder_src(sourceCode)
            }
            dstDst = decoder_dst(destinationCode)
        } else if let inter_AB, let inter_B, let decoder {
            let ab = inter_AB(features)
            let (sourceAB, destinationAB) = (Self.rows(ab, 0, count), Self.rows(ab, count, 2 * count))
            let destinationB = inter_B(Self.rows(features, count, 2 * count))
            sourceCode = Tensor.cat([sourceAB, sourceAB], dim: 1)
            destinationCode = Tensor.cat([destinationB, destinationAB], dim: 1)
            swapCode = Tensor.cat([destinationAB, destinationAB], dim: 1)
            let all = decoder(Tensor.cat(decodingSwap ? [sourceCode, destinationCode, swapCode] : [sourceCode, destinationCode], dim: 0))
            srcSrc = (Self.rows(all.face, 0, count), Self.rows(all.mask, 0, count))
            dstDst = (Self.rows(all.face, count, 2 * count), Self.rows(all.mask, count, 2 * count))
            if decodingSwap { swap = (Self.rows(all.face, 2 * count, 3 * count), Self.rows(all.mask, 2 * count, 3 * count)) }
        } else {
            preconditionFailure("SAEHDNetwork has neither DF nor LIAE parts")
        }
        return Outputs(sourceFace: srcSrc.face, sourceMask: srcSrc.mask, destinationFace: dstDst.face,
                       destinationMask: dstDst.mask, swappedFace: swap?.face, swappedMask: swap?.mask,
                       sourceCode: sourceCode, destinationCode: destinationCode, swapCode: swapCode)
    }

    /// Rows `start..<end` of the batch `x`.
    private static func rows(_ x: Tensor, _ start: Int, _ end: Int) -> Tensor { x.slice(0, start, end) }

    /// A code decoded as src's face and mask (DF: `decoder_src`; LIAE: `decoder`).
    public func decodeAsSource(_ code: Tensor) -> (face: Tensor, mask: Tensor) {
        guard let decoder = decoder_src ?? decoder else { preconditionFailure("SAEHDNetwork has no decoder") }
        return decoder(code)
    }

    /// A code decoded as dst's face and mask (DF: `decoder_dst`; LIAE: `decoder`).
    public func decodeAsDestination(_ code: Tensor) -> (face: Tensor, mask: Tensor) {
        guard let decoder = decoder_dst ?? decoder else { preconditionFailure("SAEHDNetwork has no decoder") }
        return decoder(code)
    }

    /// The side of the codes `inter` puts out (DFL's `inter.get_out_res()`): twice the lowest
    /// dense resolution, or that resolution itself with `-t`.
    public var codeResolution: Int {
        let lowest = dimensions.resolution / (architecture.doubleResolution ? 32 : 16)
        return architecture.deeper ? lowest : 2 * lowest
    }

    /// The swap alone (the merger's and `.dfm`'s forward pass): dst faces → (src-looking face,
    /// its mask, dst's own mask), as DFL's `AE_merge` returns them.
    public func swap(_ destination: Tensor) -> (face: Tensor, mask: Tensor, destinationMask: Tensor) {
        let code = encoder(destination)
        if let inter, let decoder_src, let decoder_dst {
            let z = inter(code)
            let (face, mask) = decoder_src(z)
            return (face, mask, decoder_dst(z).mask)
        } else if let inter_AB, let inter_B, let decoder {
            let count = destination.shape[0], ab = inter_AB(code)
            let both = decoder(Tensor.cat([Tensor.cat([ab, ab], dim: 1), Tensor.cat([inter_B(code), ab], dim: 1)], dim: 0))
            return (Self.rows(both.face, 0, count), Self.rows(both.mask, 0, count), Self.rows(both.mask, count, 2 * count))
        }
        preconditionFailure("SAEHDNetwork has neither DF nor LIAE parts")
    }
}

extension SAEHDNetwork {
    /// The parts DFL's RTM workflow resets by deleting their files (`inter_AB`, `inter_B`,
    /// `inter`, the decoders): their weights drawn again with DFL's initialisers from `generator`.
    public func reinitialize(_ names: Set<String>, generator: Generator) {
        let fresh = SAEHDNetwork(architecture: architecture, dimensions: dimensions, generator: generator)
        let freshParts = Dictionary(uniqueKeysWithValues: fresh.parts.map { ($0.name, $0.module) })
        withoutGradients {
            for (name, module) in parts where names.contains(name) {
                for (target, source) in zip(module.parameters(), freshParts[name]!.parameters()) { target.value.assign(source.value) }
            }
        }
    }

    /// The `inter` parts (DF: `inter`; LIAE: `inter_AB`, `inter_B`), which DFL re-initialises
    /// when pretraining is turned off.
    public var interNames: Set<String> { architecture.base == .df ? ["inter"] : ["inter_AB", "inter_B"] }
    /// The decoders (DF: `decoder_src`, `decoder_dst`; LIAE: `decoder`).
    public var decoderNames: Set<String> { architecture.base == .df ? ["decoder_src", "decoder_dst"] : ["decoder"] }
}
