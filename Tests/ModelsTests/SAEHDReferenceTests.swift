import DFLFormats
import FaceAnalysis
import Foundation
import Inference
@testable import Models
import NN
import Tensors
import Testing
import TestSupport

/// SAEHD's forward pass on weights in DFL's own file layout (pickled dicts of HWIO kernels, one
/// file per part) against the independent NumPy implementation of §5.3 in
/// `Tests/Reference/make_saehd_fixtures.py`. The three architectures use every flag on both bases.
@Suite struct SAEHDReferenceTests {
    static let dimensions = SAEHDDimensions(resolution: 64, autoencoder: 8, encoder: 4, decoder: 4, decoderMask: 4)
    /// Float32 against the reference's float64: differences seen are below 1e-6.
    static let tolerance: Float = 1e-5

    static func nchw(_ t: Tensor) -> Tensor { t.permuted([0, 3, 1, 2]).contiguous() }
    static func nhwc(_ t: Tensor) -> [Float] { t.permuted([0, 2, 3, 1]).contiguous().floats() }

    @Test(arguments: ["liae-ud", "df-udtc", "liae-tc"])
    func forwardOnDFLWeightsEqualsTheNumpyReference(archi: String) throws {
        let folder = ReferenceFixtures.url("saehd/\(archi)")
        let architecture = try #require(SAEHDArchitecture(parsing: archi))
        let network = SAEHDNetwork(architecture: architecture, dimensions: Self.dimensions, generator: try Generator(seed: 1))
        for (part, module) in network.parts {
            let file = try DFLWeightFile(contentsOf: folder.appendingPathComponent("fixture_SAEHD_\(part).npy"))
            try DFLWeightLoader.load(file, into: module, network: "SAEHD \(part)")
            #expect(Set(file.keys) == Set(DFLWeightLoader.keys(of: module)), "\(archi) \(part): the file's keys are the module's")
        }
        let io = try SafeTensors.read(folder.appendingPathComponent("io.safetensors"))
        let outputs = withoutGradients {
            network(source: Self.nchw(io["src"]!), destination: Self.nchw(io["dst"]!))
        }
        let pairs: [(String, Tensor)] = [("src_src", outputs.sourceFace), ("src_srcm", outputs.sourceMask),
                                         ("dst_dst", outputs.destinationFace), ("dst_dstm", outputs.destinationMask),
                                         ("src_dst", outputs.swappedFace!), ("src_dstm", outputs.swappedMask!)]
        for (key, tensor) in pairs {
            let reference = try #require(io[key]).floats()
            let difference = maxAbsDifference(Self.nhwc(tensor), reference)
            #expect(difference < Self.tolerance, "\(archi) \(key): \(difference) from the NumPy reference")
        }
    }
}
