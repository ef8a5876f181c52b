import Foundation
import Imaging
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
import Training

/// The one trainer with SAEHD on the fixture facesets at DFL's smallest size: it saves through
/// the atomic writer, writes DFL's preview grid with the loss graph, and a run stopped and
/// resumed from its save takes the same next steps as one that never stopped.
@Suite struct TrainerTests {
    static let tiny: [String: OptionValue] = ["resolution": .int(64), "ae_dims": .int(32), "e_dims": .int(16),
                                              "d_dims": .int(16), "d_mask_dims": .int(16), "batch_size": .int(2),
                                              "archi": .string("df-ud"), "face_type": .string("wf")]

    static func request(in folder: TemporaryDirectory, iterations: Int) -> TrainingRequest {
        var request = TrainingRequest(kind: .saehd, modelFolder: folder.file("model"),
                                      source: ReferenceFixtures.url("faceset/aligned"),
                                      destination: ReferenceFixtures.url("faceset_resize/input"))
        request.options = tiny
        request.seed = 9
        request.settings = Trainer.Settings(iterations: iterations, saveEvery: 3, previewEvery: 3)
        return request
    }

    @Test func trainsSavesAndWritesThePreviewGrid() throws {
        let folder = try TemporaryDirectory("masque-trainer")
        let request = Self.request(in: folder, iterations: 4)
        var saves: [Int] = []
        let report = try request.run(events: { if case .saved(let iteration, _) = $0 { saves.append(iteration) } })
        #expect(report.stop == .ranIterations && report.state.iteration == 4 && report.state.lossHistory.count == 4)
        #expect(saves == [3, 4])
        #expect(report.state.lossHistory.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isFinite) })
        #expect(report.skipped.count == 2, "the fixture faceset holds two non-faces")
        for file in [Checkpoint.weightsFile, Checkpoint.optimizerFile, Checkpoint.stateFile] {
            #expect(PathKind.of(request.saveFolder.appendingPathComponent(file)) == .file, "\(file)")
        }
        let preview = try Image(contentsOf: request.previewFile, mode: .color)
        #expect(preview.width == 5 * 64 && preview.height == TrainingPreview.graphHeight + 2 * 64)
        #expect(try request.savedState()?.iteration == 4)
        #expect(try folder.contents(of: "model") == ["new_SAEHD", "new_SAEHD_preview.png"], "no temporary left behind")
    }

    /// With lr_dropout too: its masks are drawn per update from the seed, not from a generator
    /// state that a save does not keep.
    @Test(arguments: ["n", "y"]) func aResumedRunTakesTheSameStepsAsOneThatNeverStopped(lrDropout: String) throws {
        let straight = try TemporaryDirectory("masque-straight"), stopped = try TemporaryDirectory("masque-stopped")
        func request(in folder: TemporaryDirectory, iterations: Int) -> TrainingRequest {
            var request = Self.request(in: folder, iterations: iterations)
            request.options["lr_dropout"] = .string(lrDropout)
            return request
        }
        let uninterrupted = try request(in: straight, iterations: 4).run().state.lossHistory
        _ = try request(in: stopped, iterations: 2).run()
        var resumed = request(in: stopped, iterations: 2)
        resumed.seed = 12345  // a saved model keeps its own seed
        let report = try resumed.run()
        #expect(report.state.iteration == 4)
        for (a, b) in zip(uninterrupted.joined(), report.state.lossHistory.joined()) {
            #expect(abs(a - b) <= 1e-4 * max(1, abs(a)), "\(uninterrupted) vs \(report.state.lossHistory)")
        }
        // The weights after the 4th update: one differing lr_dropout mask moves elements by ~lr.
        let weights = { (folder: TemporaryDirectory) in
            try SafeTensors.read(request(in: folder, iterations: 0).saveFolder.appendingPathComponent(Checkpoint.weightsFile))
        }
        let (a, b) = (try weights(straight), try weights(stopped))
        #expect(a.tensors.count == b.tensors.count)
        for (x, y) in zip(a.tensors, b.tensors) {
            let difference = maxAbsDifference(x.tensor.floats(), y.tensor.floats())
            #expect(difference <= 1e-7, "\(x.name) differs by \(difference)")
        }
    }

    @Test func aSavedModelRefusesAChangeOfAnOptionFixedAtCreation() throws {
        let folder = try TemporaryDirectory("masque-fixed")
        _ = try Self.request(in: folder, iterations: 1).run()
        var changed = Self.request(in: folder, iterations: 1)
        changed.options["ae_dims"] = .int(64)
        let error = #expect(throws: OptionError.self) { try changed.run() }
        #expect(error?.message.contains("ae_dims is fixed once the model exists") == true)
    }

    @Test func quick96TrainsAtItsFixedConfigurationAndRefusesOptions() throws {
        let folder = try TemporaryDirectory("masque-quick96")
        var request = Self.request(in: folder, iterations: 1)
        request.kind = .quick96
        #expect(throws: OptionError.self) { try request.run() }
        request.options = [:]
        let report = try request.run()
        #expect(report.state.kind == "Quick96" && report.state.iteration == 1)
        #expect(request.saveFolder.lastPathComponent == "new_Quick96")
        let preview = try Image(contentsOf: request.previewFile, mode: .color)
        #expect(preview.width == 5 * 96 && preview.height == TrainingPreview.graphHeight + 4 * 96)
    }

    @Test func saehdsSaferSettingIsGradientClipping() throws {
        let options = try SAEHDOptions.resolve(given: Self.tiny).values
        let model = try SAEHDModel(options: options, generator: try Generator(seed: 1))
        #expect(model.step.optimizer.rules.clipNorm == nil)
        #expect(model.makeSafer() == "clipgrad on")
        #expect(model.step.optimizer.rules.clipNorm == 1 && model.options["clipgrad"] == .bool(true))
        #expect(model.makeSafer() == nil)
    }
}
