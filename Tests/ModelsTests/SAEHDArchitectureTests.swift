import Foundation
@testable import Models
import NN
import Tensors
import Testing
import TestSupport

/// SAEHD's networks (reference §5.3) for every `archi`: DFL's parameter counts, output shapes,
/// gradients to every weight, DFL's weight names, and a save/load round trip.
@Suite struct SAEHDArchitectureTests {
    /// A tiny configuration: resolution 64, small dims.
    static let tiny = SAEHDDimensions(resolution: 64, autoencoder: 32, encoder: 16, decoder: 16, decoderMask: 16)

    /// Parameter counts written from the reference's layer list (§5.1, §5.3), not from the Swift types.
    enum Formula {
        static func conv(_ k: Int, _ i: Int, _ o: Int) -> Int { k * k * i * o + o }
        static func dense(_ i: Int, _ o: Int) -> Int { i * o + o }
        static func down(_ i: Int, _ o: Int) -> Int { conv(5, i, o) }
        static func up(_ i: Int, _ o: Int) -> Int { conv(3, i, 4 * o) }
        static func res(_ c: Int) -> Int { 2 * conv(3, c, c) }

        static func encoder(_ e: Int, _ a: SAEHDArchitecture) -> Int {
            a.deeper ? down(3, e) + res(e) + down(e, 2 * e) + down(2 * e, 4 * e) + down(4 * e, 8 * e) + down(8 * e, 8 * e) + res(8 * e)
                : down(3, e) + down(e, 2 * e) + down(2 * e, 4 * e) + down(4 * e, 8 * e)
        }

        static func inter(_ input: Int, _ ae: Int, _ out: Int, _ r: Int, _ a: SAEHDArchitecture) -> Int {
            let ldr = a.doubleResolution ? r / 32 : r / 16
            return dense(input, ae) + dense(ae, ldr * ldr * out) + (a.deeper ? 0 : up(out, out))
        }

        static func decoder(_ input: Int, _ d: Int, _ m: Int, _ a: SAEHDArchitecture) -> Int {
            let image = a.deeper
                ? up(input, 8 * d) + res(8 * d) + up(8 * d, 8 * d) + res(8 * d) + up(8 * d, 4 * d) + res(4 * d) + up(4 * d, 2 * d) + res(2 * d)
                : up(input, 8 * d) + res(8 * d) + up(8 * d, 4 * d) + res(4 * d) + up(4 * d, 2 * d) + res(2 * d)
            let mask = a.deeper
                ? up(input, 8 * m) + up(8 * m, 8 * m) + up(8 * m, 4 * m) + up(4 * m, 2 * m)
                : up(input, 8 * m) + up(8 * m, 4 * m) + up(4 * m, 2 * m)
            let outputs = conv(1, 2 * d, 3) + (a.doubleResolution ? 3 * conv(3, 2 * d, 3) + up(2 * m, m) + conv(1, m, 1) : conv(1, 2 * m, 1))
            return image + mask + outputs
        }

        static func total(_ a: SAEHDArchitecture, _ s: SAEHDDimensions) -> Int {
            let side = s.resolution / (a.deeper ? 32 : 16)
            let encoded = 8 * s.encoder * side * side
            switch a.base {
            case .df:
                return encoder(s.encoder, a) + inter(encoded, s.autoencoder, s.autoencoder, s.resolution, a)
                    + 2 * decoder(s.autoencoder, s.decoder, s.decoderMask, a)
            case .liae:
                return encoder(s.encoder, a) + 2 * inter(encoded, s.autoencoder, 2 * s.autoencoder, s.resolution, a)
                    + decoder(4 * s.autoencoder, s.decoder, s.decoderMask, a)
            }
        }
    }

    @Test func archiTextParsesAsDFLAcceptsIt() {
        #expect(SAEHDArchitecture(parsing: "liae-ud") == .dflDefault)
        #expect(SAEHDArchitecture(parsing: "DF-UDTC")?.description == "df-udtc")
        #expect(SAEHDArchitecture(parsing: "df-cu")?.description == "df-uc")
        for bad in ["", "df-", "df-x", "df-uu", "liae-u-d", "saehd", "-ud"] {
            #expect(SAEHDArchitecture(parsing: bad) == nil, "\(bad)")
        }
        #expect(SAEHDArchitecture.all.count == 32)
        #expect(Set(SAEHDArchitecture.all.map(\.description)).count == 32)
    }

    @Test func resolutionFollowsDFLsRounding() {
        let plain = SAEHDArchitecture(base: .df), double = SAEHDArchitecture(base: .liae, doubleResolution: true)
        #expect(plain.roundedResolution(200) == 192 && double.roundedResolution(200) == 192)
        #expect(plain.roundedResolution(240) == 240 && double.roundedResolution(240) == 224)
        #expect(plain.roundedResolution(10) == 64 && plain.roundedResolution(1000) == 640)
    }

    @Test func theReferenceExampleHasItsShapes() throws {
        // §5.3: liae-ud, R=128, ae 256, e 64: flatten 32 768, dense to 4·4·512.
        let network = SAEHDNetwork(architecture: .dflDefault, dimensions: SAEHDDimensions(), generator: try Generator(seed: 1))
        let inter = try #require(network.inter_AB)
        #expect(inter.dense1.weight.value.shape == [32_768, 256] || inter.dense1.weight.value.shape == [256, 32_768])
        #expect(inter.dense2.weight.value.elementCount == 256 * 4 * 4 * 512)
        #expect(network.parameterCount == Formula.total(.dflDefault, SAEHDDimensions()))
    }

    @Test(arguments: SAEHDArchitecture.all.map(\.description))
    func everyArchitectureCountsRunsAndLearns(archi: String) throws {
        let architecture = try #require(SAEHDArchitecture(parsing: archi))
        let network = SAEHDNetwork(architecture: architecture, dimensions: Self.tiny, generator: try Generator(seed: 7))
        #expect(network.parameterCount == Formula.total(architecture, Self.tiny), "\(archi)")

        let generator = try Generator(seed: 8)
        let source = Tensor.uniform([2, 3, 64, 64], generator: generator)
        let destination = Tensor.uniform([2, 3, 64, 64], generator: generator)
        let outputs = network(source: source, destination: destination)
        for face in [outputs.sourceFace, outputs.destinationFace, outputs.swappedFace!] { #expect(face.shape == [2, 3, 64, 64]) }
        for mask in [outputs.sourceMask, outputs.destinationMask, outputs.swappedMask!] { #expect(mask.shape == [2, 1, 64, 64]) }
        let values = outputs.swappedFace!.floats()
        #expect(values.allSatisfy { $0 > 0 && $0 < 1 }, "sigmoid outputs")

        let loss = (outputs.sourceFace - source).square().mean() + (outputs.destinationFace - destination).square().mean()
            + (outputs.sourceMask - 0.5).square().mean() + (outputs.destinationMask - 0.5).square().mean()
        loss.backward()
        // Every weight that the src→src and dst→dst paths use gets a gradient (DF's decoder_src
        // mask path and LIAE's inter_B too: all are on one of the two paths).
        let missing = network.namedParameters().filter { $0.parameter.value.grad == nil }.map(\.name)
        #expect(missing.isEmpty, "\(archi): no gradient for \(missing.prefix(5))")

        let swap = network.swap(destination)
        #expect(swap.face.shape == [2, 3, 64, 64] && swap.mask.shape == [2, 1, 64, 64] && swap.destinationMask.shape == [2, 1, 64, 64])
        #expect(maxAbsDifference(swap.face.floats(), outputs.swappedFace!.floats()) < 1e-6)
    }

    @Test func weightNamesAreDFLsKeys() throws {
        let liae = SAEHDNetwork(architecture: .dflDefault, dimensions: Self.tiny, generator: try Generator(seed: 3))
        let names = Set(liae.namedParameters().map(\.name))
        for key in ["encoder.down1.downs_0.conv1.weight", "encoder.down1.downs_3.conv1.bias", "inter_AB.dense1.weight",
                    "inter_B.dense2.bias", "inter_AB.upscale1.conv1.weight", "decoder.upscale0.conv1.weight",
                    "decoder.res2.conv2.weight", "decoder.upscalem3.conv1.weight", "decoder.out_conv3.weight", "decoder.out_convm.bias"] {
            #expect(names.contains(key), "\(key)")
        }
        let deep = SAEHDNetwork(architecture: try #require(SAEHDArchitecture(parsing: "df-td")), dimensions: Self.tiny,
                                generator: try Generator(seed: 3))
        let deepNames = Set(deep.namedParameters().map(\.name))
        for key in ["encoder.down1.conv1.weight", "encoder.res1.conv1.weight", "encoder.down5.conv1.weight", "encoder.res5.conv2.bias",
                    "inter.dense2.weight", "decoder_src.upscale3.conv1.weight", "decoder_dst.res3.conv1.weight",
                    "decoder_src.upscalem4.conv1.weight"] {
            #expect(deepNames.contains(key), "\(key)")
        }
        #expect(!deepNames.contains { $0.hasPrefix("inter.upscale1") }, "-t has no upscale in inter")
    }

    private struct Saved: Codable, Equatable { var iteration: Int }

    @Test func savedWeightsLoadIntoAFreshNetworkBitForBit() throws {
        let folder = try TemporaryDirectory("masque-saehd")
        let architecture = try #require(SAEHDArchitecture(parsing: "liae-udt"))
        let network = SAEHDNetwork(architecture: architecture, dimensions: Self.tiny, generator: try Generator(seed: 11))
        try Checkpoint.save(model: network, state: Saved(iteration: 5), to: folder.file("model"))
        let fresh = SAEHDNetwork(architecture: architecture, dimensions: Self.tiny, generator: try Generator(seed: 12))
        let state = try Checkpoint.load(Saved.self, into: fresh, from: folder.file("model"))
        #expect(state == Saved(iteration: 5))
        for ((name, a), (_, b)) in zip(network.namedParameters(), fresh.namedParameters()) {
            #expect(a.value.floats() == b.value.floats(), "\(name)")
        }
    }
}
