import DFLFormats
import Foundation
import Inference
@testable import Models
import NN
import Tensors
import Testing
import TestSupport

/// AMP's forward pass on weights in DFL's own file layout against the independent NumPy
/// implementation of §6.1 in `Tests/Reference/make_amp_fixtures.py`: the training graph (src's
/// code mixed by a channel mask) and DFL's `AE_merge` at several morph values.
@Suite struct AMPReferenceTests {
    static let dimensions = AMPDimensions(resolution: 64, autoencoder: 8, inter: 12, encoder: 4, decoder: 4, decoderMask: 4)
    static let tolerance: Float = 1e-5

    static func nchw(_ t: Tensor) -> Tensor { t.permuted([0, 3, 1, 2]).contiguous() }
    static func nhwc(_ t: Tensor) -> [Float] { t.permuted([0, 2, 3, 1]).contiguous().floats() }

    /// The reference's network, loaded from its DFL files (every key of each file is a weight of the part).
    static func network() throws -> AMPNetwork {
        let network = AMPNetwork(dimensions: dimensions, generator: try Generator(seed: 1))
        for (part, module) in network.parts {
            let file = try DFLWeightFile(contentsOf: ReferenceFixtures.url("amp/fixture_AMP_\(part).npy"))
            try DFLWeightLoader.load(file, into: module, network: "AMP \(part)")
            #expect(Set(file.keys) == Set(DFLWeightLoader.keys(of: module)), "\(part): the file's keys are the module's")
        }
        return network
    }

    @Test func trainingGraphOnDFLWeightsEqualsTheNumpyReference() throws {
        let network = try Self.network()
        let io = try SafeTensors.read(ReferenceFixtures.url("amp/io.safetensors"))
        let mask = io["morph_mask"]!.reshaped([2, 12, 1, 1])
        let outputs = withoutGradients { network(source: Self.nchw(io["src"]!), destination: Self.nchw(io["dst"]!), morphMask: mask) }
        for (key, tensor) in [("src_src", outputs.sourceFace), ("src_srcm", outputs.sourceMask), ("dst_dst", outputs.destinationFace),
                              ("dst_dstm", outputs.destinationMask)] {
            let difference = maxAbsDifference(Self.nhwc(tensor), try #require(io[key]).floats())
            #expect(difference < Self.tolerance, "\(key): \(difference) from the NumPy reference")
        }
    }

    @Test(arguments: ["0.0", "0.5", "0.65", "1.0"])
    func mergeAtEachMorphValueEqualsTheNumpyReference(morph: String) throws {
        let network = try Self.network()
        let io = try SafeTensors.read(ReferenceFixtures.url("amp/io.safetensors"))
        let swap = withoutGradients { network.swap(Self.nchw(io["dst"]!), morph: Double(morph)!) }
        for (key, tensor) in [("src_dst", swap.face), ("src_dstm", swap.mask), ("dst_dstm", swap.destinationMask)] {
            let difference = maxAbsDifference(Self.nhwc(tensor), try #require(io["\(key)_\(morph)"]).floats())
            #expect(difference < Self.tolerance, "\(key) at morph \(morph): \(difference) from the NumPy reference")
        }
    }

    @Test func morphMaskHasExactlyTheFactorsShareOfOnesPerSample() throws {
        let network = AMPNetwork(dimensions: Self.dimensions)
        let mask = network.morphMask(count: 3, factor: 0.5, generator: try Generator(seed: 4))
        #expect(mask.shape == [3, 12, 1, 1])
        let values = mask.floats()
        for row in 0..<3 { #expect(values[(row * 12)..<((row + 1) * 12)].reduce(0, +) == 6) }
        #expect(AMPNetwork.morphChannels(inter: 1024, value: 0.65) == 665, "float32 1024·0.65 truncated, as tf.cast")
    }
}
