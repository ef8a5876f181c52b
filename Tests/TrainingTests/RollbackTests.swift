import Foundation
import Imaging
import Support
import Tensors
import Testing
import TestSupport
@testable import Training

/// The trainer's rollback (issue 11): a NaN loss or a jump far above the recent losses restores
/// the last save, turns on the model's safer setting and goes on; a second collapse before the
/// next save stops with the save intact.
@Suite struct RollbackTests {
    /// A model whose loss is 1 except at the scripted step numbers (counted over every call).
    final class ScriptedModel: TrainableModel {
        let kind = "Scripted"
        var options: [String: OptionValue] = ["clipgrad": .bool(false)]
        let batchSize = 1
        let lossNames = ["src_loss", "dst_loss"]
        var calls = 0
        var restoredFrom: [Int] = []
        /// What each `broadcastState` left on this rank: the iteration rank 0 last restored (-1: none).
        var received: [Float] = []
        /// When set, `restore` throws this line instead of reading the save.
        var restoreFailure: String?
        let script: [Int: Float]

        init(script: [Int: Float]) { self.script = script }

        let device = Device.cpu
        let optimizerOnDevice = true
        func place(on device: Device, optimizerOnDevice: Bool) throws {}

        func sampleStreams(source: TrainingFaceset, destination: TrainingFaceset) throws -> [SampleStream] {
            let processor = SampleProcessor(resolution: 64, faceType: .wholeFace, randomWarp: false)
            return [SampleStream(samples: source.samples, processor: processor), SampleStream(samples: destination.samples, processor: processor)]
        }

        func train(_ batches: [TrainingBatch]) throws -> [Float] {
            calls += 1
            return [script[calls] ?? 1, 1]
        }

        func preview(_ batches: [TrainingBatch]) throws -> [[Image]] { [] }

        var memoryFootprint: (weights: Int, optimizerState: Int) { (0, 0) }

        func blankBatches(count: Int) -> [TrainingBatch] { [] }

        func trainingForward(_ batches: [TrainingBatch]) {}

        func save(to folder: URL, state: TrainingState) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(try JSONEncoder().encode(state), to: folder.appendingPathComponent("state.json"))
        }

        func restore(from folder: URL) throws -> TrainingState {
            if let restoreFailure { throw TrainingError(restoreFailure) }
            let state = try JSONDecoder().decode(TrainingState.self, from: Data(contentsOf: folder.appendingPathComponent("state.json")))
            restoredFrom.append(state.iteration)
            return state
        }

        func broadcastState(from root: Int, over group: ProcessGroup) throws {
            let restored = Tensor([Float(restoredFrom.last ?? -1)], shape: [1])
            try group.broadcast([restored], from: root)
            received.append(restored.floats()[0])
        }

        func makeSafer() -> String? {
            guard options["clipgrad"] == .bool(false) else { return nil }
            options["clipgrad"] = .bool(true)
            return "clipgrad on"
        }
    }

    static func trainer(_ model: ScriptedModel, in folder: TemporaryDirectory, iterations: Int, saveEvery: Int,
                        group: ProcessGroup? = nil) throws -> Trainer {
        let faceset = TrainingFaceset(folder: ReferenceFixtures.url("faceset/aligned"),
                                      samples: try TrainingSample.load(ReferenceFixtures.url("faceset/aligned")).samples)
        return Trainer(model: model, streams: try model.sampleStreams(source: faceset, destination: faceset), folder: folder.file("model/m"),
                       previewFile: folder.file("model/preview.png"), state: TrainingState(kind: model.kind, options: model.options, seed: 1),
                       settings: Trainer.Settings(iterations: iterations, saveEvery: saveEvery, previewEvery: 1000), group: group)
    }

    @Test func aNaNLossRollsBackToTheLastSaveWithClipgradOnAndTrainingGoesOn() throws {
        let folder = try TemporaryDirectory("masque-rollback")
        let model = ScriptedModel(script: [7: .nan])
        var rollbacks: [(Int, Int, String, String?)] = []
        let trainer = try Self.trainer(model, in: folder, iterations: 10, saveEvery: 5)
        let stop = try trainer.run { if case .rolledBack(let at, let to, let reason, let change) = $0 { rollbacks.append((at, to, reason, change)) } }
        #expect(stop == .ranIterations && trainer.state.iteration == 10)
        #expect(rollbacks.count == 1)
        #expect(rollbacks.first.map { $0.0 == 7 && $0.1 == 5 && $0.2.contains("nan") && $0.3 == "clipgrad on" } == true, "\(rollbacks)")
        #expect(model.restoredFrom == [5])
        #expect(trainer.state.options["clipgrad"] == .bool(true))
        #expect(trainer.state.lossHistory.count == 10 && trainer.state.lossHistory.allSatisfy { $0.allSatisfy(\.isFinite) })
    }

    @Test func aJumpFarAboveTheRecentLossesIsACollapse() throws {
        let folder = try TemporaryDirectory("masque-jump")
        let model = ScriptedModel(script: [55: 50])
        var reasons: [String] = []
        let trainer = try Self.trainer(model, in: folder, iterations: 60, saveEvery: 20)
        _ = try trainer.run { if case .rolledBack(_, _, let reason, _) = $0 { reasons.append(reason) } }
        #expect(reasons.count == 1 && reasons[0].contains("jumped to 50"), "\(reasons)")
        #expect(model.restoredFrom == [40])
    }

    @Test func aSecondCollapseBeforeTheNextSaveStopsWithTheSaveIntact() throws {
        let folder = try TemporaryDirectory("masque-collapse")
        let model = ScriptedModel(script: [7: .nan, 8: .infinity])
        let trainer = try Self.trainer(model, in: folder, iterations: 10, saveEvery: 5)
        let error = #expect(throws: TrainingError.self) { try trainer.run() }
        #expect(error?.message.contains("again right after a rollback") == true, "\(String(describing: error))")
        let saved = try JSONDecoder().decode(TrainingState.self, from: Data(contentsOf: folder.file("model/m/state.json")))
        #expect(saved.iteration == 5)
    }

    @Test func aCollapseBeforeAnySaveStopsSayingSo() throws {
        let folder = try TemporaryDirectory("masque-early")
        let trainer = try Self.trainer(ScriptedModel(script: [2: .nan]), in: folder, iterations: 10, saveEvery: 5)
        let error = #expect(throws: TrainingError.self) { try trainer.run() }
        #expect(error?.message.contains("before the first save") == true)
    }

    /// Data-parallel, as on two machines without a shared disk: rank 1's model folder never
    /// holds a save, yet its NaN rolls both ranks back to rank 0's save, which rank 0 alone reads
    /// and sends.
    @Test func aCollapseOnOneRankRollsEveryRankBackToRankZerosSave() throws {
        let folders = try (0..<2).map { try TemporaryDirectory("masque-rollback-rank\($0)") }
        let failures = runAsTwoRanks { group in
            let model = ScriptedModel(script: group.rank == 1 ? [7: .nan] : [:])
            var rollbacks: [(Int, Int)] = []
            let trainer = try Self.trainer(model, in: folders[group.rank], iterations: 10, saveEvery: 5, group: group)
            _ = try trainer.run { if case .rolledBack(let at, let to, _, _) = $0 { rollbacks.append((at, to)) } }
            #expect(rollbacks.count == 1 && rollbacks.first.map { $0 == (7, 5) } == true, "rank \(group.rank): \(rollbacks)")
            #expect(model.restoredFrom == (group.rank == 0 ? [5] : []), "rank \(group.rank) read \(model.restoredFrom)")
            #expect(model.received == [-1, 5], "rank \(group.rank) received \(model.received)")
            #expect(trainer.state.iteration == 10 && trainer.state.lossHistory.count == 10, "rank \(group.rank)")
            #expect(trainer.state.options["clipgrad"] == .bool(true))
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(PathKind.of(folders[1].file("model/m")) == .missing, "rank 1 never writes its model folder")
    }

    @Test func rankZerosFailureToRestoreStopsEveryRankWithItsLine() throws {
        let folders = try (0..<2).map { try TemporaryDirectory("masque-rollback-fail\($0)") }
        let failures = runAsTwoRanks { group in
            let model = ScriptedModel(script: [7: .nan])
            if group.rank == 0 { model.restoreFailure = "the save in model/m is truncated" }
            let trainer = try Self.trainer(model, in: folders[group.rank], iterations: 10, saveEvery: 5, group: group)
            let error = #expect(throws: TrainingError.self) { try trainer.run() }
            #expect(error?.message == "the save in model/m is truncated", "rank \(group.rank): \(String(describing: error))")
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
