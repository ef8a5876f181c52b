import DFLFormats
import Foundation
import Inference
@testable import Models
import NN
import Support
import Tensors
import Testing
import Training
import TestSupport

/// SAEHD's critics and extra loss terms against the independent NumPy reference
/// `Tests/Reference/make_saehd_critic_fixtures.py`, and their part in a training step.
@Suite struct SAEHDCriticsTests {
    /// Float32 against float64 through a few layers: differences seen are below 1e-5.
    static let tolerance: Float = 1e-4
    static let folder = ReferenceFixtures.url("saehd/critics")

    static func nchw(_ t: Tensor) -> Tensor { t.permuted([0, 3, 1, 2]).contiguous() }
    static func nhwc(_ t: Tensor) -> [Float] { t.permuted([0, 2, 3, 1]).contiguous().floats() }

    static func load(_ module: Module, part: String) throws {
        let file = try DFLWeightFile(contentsOf: folder.appendingPathComponent("fixture_SAEHD_\(part).npy"))
        try DFLWeightLoader.load(file, into: module, network: "SAEHD \(part)")
        #expect(Set(file.keys) == Set(DFLWeightLoader.keys(of: module)), "\(part): the file's keys are the module's")
    }

    @Test(arguments: [(16, [2, 2, 2]), (28, [2, 1, 2, 1, 2]), (32, [2, 2, 2, 2]), (40, [2, 2, 1, 2, 2]),
                      (48, [2, 2, 2, 1, 2]), (64, [2, 2, 2, 2, 2]), (8, [2, 2]), (3, [2])])
    func patchSearchFindsDFLsStrides(patch: Int, strides: [Int]) {
        #expect(UNetPatchDiscriminator.strides(patchSize: patch) == strides)
    }

    @Test func codeDiscriminatorOnDFLWeightsEqualsTheReference() throws {
        let critic = CodeDiscriminator(inChannels: 8, codeResolution: 16, channels: 16)
        try Self.load(critic, part: "code_discriminator")
        let io = try SafeTensors.read(Self.folder.appendingPathComponent("io.safetensors"))
        let logits = withoutGradients { critic(Self.nchw(io["code"]!)) }
        #expect(maxAbsDifference(Self.nhwc(logits), io["code_logits"]!.floats()) < Self.tolerance)
    }

    @Test func patchDiscriminatorOnDFLWeightsEqualsTheReference() throws {
        let critic = UNetPatchDiscriminator(patchSize: 16, baseChannels: 4)
        try Self.load(critic, part: "GAN")
        let io = try SafeTensors.read(Self.folder.appendingPathComponent("io.safetensors"))
        let (center, full) = withoutGradients { critic(Self.nchw(io["image"]!)) }
        #expect(center.shape == [2, 1, 4, 4] && full.shape == [2, 1, 32, 32])
        #expect(maxAbsDifference(Self.nhwc(center), io["center"]!.floats()) < Self.tolerance)
        #expect(maxAbsDifference(Self.nhwc(full), io["full"]!.floats()) < Self.tolerance)
    }

    @Test func lossTermsEqualTheReference() throws {
        let io = try SafeTensors.read(Self.folder.appendingPathComponent("io.safetensors"))
        let (a, b, x) = (Self.nchw(io["a"]!), Self.nchw(io["b"]!), Self.nchw(io["x"]!))
        #expect(maxAbsDifference(styleLoss(a, b, blurSigma: 2, weight: 3).floats(), io["style"]!.floats()) < 1e-5)
        #expect(maxAbsDifference(totalVariationMSE(a).floats(), io["tv"]!.floats()) < 1e-3)
        #expect(maxAbsDifference(sigmoidCrossEntropy(logits: x, label: 1).floats(), io["bce1"]!.floats()) < 1e-5)
        #expect(maxAbsDifference(sigmoidCrossEntropy(logits: x, label: 0).floats(), io["bce0"]!.floats()) < 1e-5)
        let huge = Tensor([1000, -1000], shape: [2, 1])
        #expect(sigmoidCrossEntropy(logits: huge, label: 1).floats() == [0, 1000], "no overflow at large logits")
    }

    @Test func criticsFollowTheOptions() throws {
        let df = try SAEHDTrainingStepTests.step(["archi": .string("df-ud"), "true_face_power": .double(0.5), "gan_power": .double(0.1)])
        #expect(df.critics.codeDiscriminator?.convs.count == 1 + df.network.codeResolution / 8)
        #expect(df.critics.patchDiscriminator != nil)
        #expect(df.critics.checkpointParts.map(\.name) == ["code_discriminator", "GAN"])
        let liae = try SAEHDTrainingStepTests.step(["true_face_power": .double(0.5), "gan_power": .double(0.1), "pretrain": .bool(true)])
        #expect(liae.critics.codeDiscriminator == nil, "true face is DF only")
        #expect(liae.critics.patchDiscriminator == nil, "no GAN while pretraining")
        #expect(!liae.critics.learns)
    }

    /// Every term on at once: the losses stay finite, dst's falls (src's carries the style terms,
    /// which pull away from src by design), both critics learn, and a save
    /// holds them in their own files and loads back into a fresh model.
    @Test func everyTermTrainsAndSavesTheCritics() throws {
        let given: [String: OptionValue] = ["archi": .string("df-ud"), "true_face_power": .double(0.5), "gan_power": .double(0.5),
                                            "gan_patch_size": .int(8), "gan_dims": .int(4), "face_style_power": .double(10),
                                            "bg_style_power": .double(10)]
        let source = try SAEHDTrainingStepTests.faces(count: 2, colour: (0.55, 0.65, 0.9), seed: 1)
        let destination = try SAEHDTrainingStepTests.faces(count: 2, colour: (0.8, 0.6, 0.5), seed: 2)
        let step = try SAEHDTrainingStepTests.step(given)
        let code = try #require(step.critics.codeDiscriminator), patch = try #require(step.critics.patchDiscriminator)
        let before = (code.out_conv.weight.value.floats(), patch.out_conv.weight.value.floats())
        var history: [(source: Float, destination: Float)] = []
        for _ in 0..<6 { history.append(try step(source: source, destination: destination)) }
        #expect(history.allSatisfy { $0.source.isFinite && $0.destination.isFinite })
        #expect(history[5].destination < history[0].destination, "dst loss \(history[0].destination) → \(history[5].destination)")
        #expect(code.out_conv.weight.value.floats() != before.0, "the code critic learned")
        #expect(patch.out_conv.weight.value.floats() != before.1, "the patch critic learned")

        let options = try SAEHDOptions.resolve(given: SAEHDTrainingStepTests.tiny.merging(given) { $1 }).values
        let model = try SAEHDModel(options: options, generator: try Generator(seed: 3))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("critics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.save(to: folder, state: TrainingState(kind: "SAEHD", options: options, seed: 1))
        for file in ["code_discriminator.safetensors", "code_discriminator.optimizer.safetensors", "GAN.safetensors",
                     "GAN.optimizer.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file) saved")
        }
        let reloaded = try SAEHDModel(options: options, generator: try Generator(seed: 4))
        _ = try reloaded.load(from: folder)
        #expect(reloaded.step.critics.patchDiscriminator!.out_conv.weight.value.floats()
            == model.step.critics.patchDiscriminator!.out_conv.weight.value.floats())

        let plain = try SAEHDModel(options: SAEHDOptions.resolve(given: SAEHDTrainingStepTests.tiny.merging(["archi": .string("df-ud")]) { $1 }).values)
        try plain.save(to: folder, state: TrainingState(kind: "SAEHD", options: options, seed: 1))
        let turnedOn = try SAEHDModel(options: options, generator: try Generator(seed: 5))
        let fresh = turnedOn.step.critics.patchDiscriminator!.out_conv.weight.value.floats()
        _ = try turnedOn.load(from: folder)
        #expect(turnedOn.step.critics.patchDiscriminator!.out_conv.weight.value.floats() == fresh,
                "a critic turned on after the save starts fresh, as DFL's load_weights does")
    }
}
