import DFLFormats
import Foundation
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
import Training

/// AMP's options (DFL's names, defaults and rules), its training step on two synthetic facesets,
/// its DFL files, the refusal of a model folder of the other swap kind, and `--morph` outside 0–1.
@Suite struct AMPModelTests {
    static let tiny: [String: OptionValue] = ["resolution": .int(64), "ae_dims": .int(32), "inter_dims": .int(64),
                                              "e_dims": .int(16), "d_dims": .int(16), "d_mask_dims": .int(16), "batch_size": .int(2)]

    @Test func optionsHaveDFLsNamesDefaultsAndRules() throws {
        let defaults = try AMPOptions.resolve(given: [:]).values
        #expect(defaults["resolution"] == .int(224) && defaults["face_type"] == .string("wf") && defaults["inter_dims"] == .int(1024))
        #expect(defaults["ae_dims"] == .int(256) && defaults["d_mask_dims"] == .int(22) && defaults["morph_factor"] == .double(0.5))
        #expect(defaults["batch_size"] == .int(8) && defaults["gan_patch_size"] == .int(28))
        #expect(AMPOptions.descriptor("pretrain") == nil && AMPOptions.descriptor("archi") == nil && AMPOptions.descriptor("adabelief") == nil)
        let (values, notes) = try AMPOptions.resolve(given: ["resolution": .int(100), "morph_factor": .double(0.9), "e_dims": .int(17)])
        #expect(values["resolution"] == .int(96) && values["morph_factor"] == .double(0.5) && values["e_dims"] == .int(18))
        #expect(!notes.isEmpty)
        #expect(throws: OptionError.self) { try AMPOptions.resolve(given: ["face_type": .string("h")]) }
        #expect(throws: OptionError.self) {
            try AMPOptions.resolve(given: ["inter_dims": .int(512)], stored: defaults)
        }
    }

    @Test func lossFallsOnTwoSyntheticFacesetsAndOnlyEncoderAndDecoderLearn() throws {
        let source = try SAEHDTrainingStepTests.faces(count: 2, colour: (0.55, 0.65, 0.9), seed: 1)
        let destination = try SAEHDTrainingStepTests.faces(count: 2, colour: (0.8, 0.6, 0.5), seed: 2)
        let model = try AMPModel(options: AMPOptions.resolve(given: Self.tiny).values, generator: try Generator(seed: 3))
        let interBefore = model.network.inter_src.parameters().map { $0.value.floats() }
        var history: [(source: Float, destination: Float)] = []
        for _ in 0..<30 { history.append(try model.step(source: source, destination: destination)) }
        let last = history.suffix(5)
        let lastSource = last.map(\.source).reduce(0, +) / 5, lastDestination = last.map(\.destination).reduce(0, +) / 5
        #expect(history.allSatisfy { $0.source.isFinite && $0.destination.isFinite })
        #expect(lastSource < 0.8 * history[0].source, "src loss \(history[0].source) → \(lastSource)")
        #expect(lastDestination < 0.8 * history[0].destination, "dst loss \(history[0].destination) → \(lastDestination)")
        #expect(model.network.inter_src.parameters().map { $0.value.floats() } == interBefore, "DFL never optimises inter_src")
        #expect(model.step.optimizer.parameters.allSatisfy { $0.name.hasPrefix("encoder.") || $0.name.hasPrefix("decoder.") })
    }

    @Test func dflFilesRoundTripBitForBit() throws {
        let folder = try TemporaryDirectory("masque-amp-dfl")
        let options = try AMPOptions.resolve(given: Self.tiny.merging(["gan_power": .double(0.1)]) { $1 }).values
        let model = try AMPModel(options: options, generator: try Generator(seed: 5))
        let files = DFLTrainedModel(folder: folder.url, name: "mine", modelClass: "AMP")
        let data = DFLModelData(iteration: 3, options: options, lossHistory: [[2, 1.5]])
        try AMPDFLFiles.write(model.network, step: model.step, data: data, to: files)
        for part in ["encoder", "inter_src", "inter_dst", "decoder", "src_dst_opt", "GAN", "GAN_opt"] {
            #expect(PathKind.of(files.weightFile(part)) == .file, "\(part)")
        }
        #expect(SavedModel.list(in: folder.url, kind: .amp).map(\.name) == ["mine"])
        let back = try AMPDFLFiles.load(files)
        #expect(back.data == data)
        for ((name, a), (_, b)) in zip(model.network.namedParameters(), back.network.namedParameters()) {
            #expect(a.value.floats() == b.value.floats(), "\(name)")
        }
        let opened = try OpenedModel.open(in: folder.url, kind: .amp, name: nil)
        guard case .amp = opened.network else { Issue.record("AMP expected"); return }
        #expect(opened.state.iteration == 3)
    }

    @Test func aModelFolderOfTheOtherKindIsRefused() throws {
        let folder = try TemporaryDirectory("masque-amp-kind")
        let options = try AMPOptions.resolve(given: Self.tiny).values
        let model = try AMPModel(options: options, generator: try Generator(seed: 5))
        try AMPDFLFiles.write(model.network, data: DFLModelData(iteration: 1, options: options, lossHistory: [[1, 1]]),
                              to: DFLTrainedModel(folder: folder.url, name: "new", modelClass: "AMP"))
        #expect(throws: TrainingError.self) { try SavedModel.choose(in: folder.url, kind: .saehd, name: nil, mustExist: false) }
        #expect(try SavedModel.choose(in: folder.url, kind: .amp, name: nil, mustExist: false) == "new")
        #expect(try SavedModel.choose(in: folder.url, kind: .saehd, name: "other", mustExist: false) == "other")
    }

    @Test func predictRunsAMPAtAMorphAndRefusesOneOutsideZeroToOne() throws {
        #expect(try ModelPrediction.checkedMorph(nil) == 1)
        #expect(try ModelPrediction.checkedMorph(0.3) == 0.3)
        #expect(throws: OptionError.self) { try ModelPrediction.checkedMorph(1.5) }
        #expect(throws: OptionError.self) { try ModelPrediction.checkedMorph(-0.1) }
        let model = try AMPModel(options: AMPOptions.resolve(given: Self.tiny).values, generator: try Generator(seed: 5))
        let faces = Tensor.uniform([1, 3, 64, 64])
        let outputs = ModelPrediction.run(model, faces: faces, morph: 0.5)
        #expect(Set(outputs.keys) == Set(ModelPrediction.ampOutputs))
        let swap = withoutGradients { model.network.swap(faces, morph: 0.5) }
        #expect(outputs["src_dst"]!.floats() == swap.face.floats())
    }
}
