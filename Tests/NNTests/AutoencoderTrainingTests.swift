import Foundation
@testable import NN
import Tensors
import Testing
import TestSupport

/// A small DFL-style conv autoencoder at resolution 32.
final class TinyAutoencoder: Module, @unchecked Sendable {
    let encoder: DownscaleBlock
    let dense1: Dense
    let dense2: Dense
    let upscale0: Upscale
    let upscale1: Upscale
    let outConv: Conv2D

    init(generator: Generator?) {
        encoder = DownscaleBlock(3, 8, count: 2, generator: generator)  // 32 → 8, 16 channels
        dense1 = Dense(16 * 8 * 8, 64, generator: generator)
        dense2 = Dense(64, 16 * 8 * 8, generator: generator)
        upscale0 = Upscale(16, 16, generator: generator)
        upscale1 = Upscale(16, 8, generator: generator)
        outConv = Conv2D(8, 3, kernel: 1, generator: generator)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let code = dense2(dense1(encoder(x).flattened())).reshaped([-1, 16, 8, 8])
        return outConv(upscale1(upscale0(code))).sigmoid()
    }
}

/// What the test trainer keeps in state.json.
struct TinyTrainingState: Codable, Equatable {
    var iteration: Int
    var lossHistory: [Double]
    var randomState: [UInt8]
}

/// Deterministic trainer: fixed synthetic faces-like images, batches drawn with a seeded generator.
final class TinyTrainer {
    let model: TinyAutoencoder
    let optimizer: AdaBelief
    let sampler: Generator
    let images: Tensor
    var state: TinyTrainingState

    init(seed: UInt64) throws {
        let generator = try Generator(seed: seed)
        model = TinyAutoencoder(generator: generator)
        optimizer = AdaBelief(model.namedParameters(), rules: UpdateRules(learningRate: 2e-3))
        sampler = try Generator(seed: seed + 1)
        images = try TinyTrainer.makeImages(count: 16)
        state = TinyTrainingState(iteration: 0, lossHistory: [], randomState: [])
    }

    /// Blobs of random colour on gradients: smooth, learnable, all different.
    static func makeImages(count: Int) throws -> Tensor {
        let g = try Generator(seed: 99)
        let ys = Tensor.arange(0, 32).reshaped([1, 1, 32, 1]) / 31
        let xs = Tensor.arange(0, 32).reshaped([1, 1, 1, 32]) / 31
        let centres = Tensor.uniform([count, 2, 1, 1], low: 0.25, high: 0.75, generator: g)
        let colours = Tensor.uniform([count, 3, 1, 1], generator: g)
        let background = Tensor.uniform([count, 3, 1, 1], generator: g)
        let d2 = (ys - centres.slice(1, 0, 1)).square() + (xs - centres.slice(1, 1, 2)).square()
        let blob = (d2 * -40).exp()
        return (colours * blob + background * (1 - blob) * (ys * 0.5 + 0.5)).clamped(0, 1)
    }

    /// One step: DFL's src loss shape, 10·DSSIM + 10·MSE per sample, gradient of the batch sum.
    @discardableResult
    func step() throws -> Double {
        let index = Tensor.randint([4], low: 0, high: images.shape[0], generator: sampler)
        let batch = images.indexSelect(0, index)
        let prediction = model(batch)
        let perSample = dssim(batch, prediction, filterSize: 5).mean([1]) * 10
            + meanSquaredError(batch, prediction, dims: [1, 2, 3]) * 10
        perSample.sum().backward()
        try optimizer.step()
        let loss = perSample.mean().item()
        state.iteration += 1
        state.lossHistory.append(loss)
        return loss
    }

    func save(to folder: URL) throws {
        state.randomState = sampler.stateBytes
        try Checkpoint.save(model: model, optimizer: optimizer, state: state, to: folder)
    }

    func load(from folder: URL) throws {
        state = try Checkpoint.load(TinyTrainingState.self, into: model, optimizer: optimizer, from: folder)
        try sampler.restore(bytes: state.randomState)
    }
}

@Suite(.serialized) struct AutoencoderTrainingTests {
    @Test func lossFallsBelowThreshold() throws {
        let trainer = try TinyTrainer(seed: 5)
        let first = try trainer.step()
        for _ in 0..<399 { try trainer.step() }
        let last = trainer.state.lossHistory.suffix(10).reduce(0, +) / 10
        // Untrained ≈ 2.1; after 400 steps ≈ 0.63 on CPU. The threshold asks for well under half.
        #expect(first > 1.5)
        #expect(last < 0.9, "mean loss of the last 10 steps: \(last), first: \(first)")
    }

    @Test func resumingAfterASaveGivesTheSameNextLoss() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("model")

        let uninterrupted = try TinyTrainer(seed: 11)
        for _ in 0..<6 { try uninterrupted.step() }
        try uninterrupted.save(to: checkpoint)
        let next = try [uninterrupted.step(), uninterrupted.step()]

        let resumed = try TinyTrainer(seed: 999)  // different initial weights: all must come from the save
        try resumed.load(from: checkpoint)
        #expect(resumed.state.iteration == 6)
        #expect(resumed.optimizer.iterations == 6)
        #expect(try [resumed.step(), resumed.step()] == next)
    }

    @Test func saveKeepsThePreviousCheckpointUntilTheNewOneIsComplete() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("model")
        let trainer = try TinyTrainer(seed: 3)
        try trainer.step()
        try trainer.save(to: checkpoint)
        // A crash between moving the old save aside and moving the new one in leaves only the
        // previous folder: loading falls back to it.
        try FileManager.default.moveItem(at: checkpoint, to: folder.appendingPathComponent(".model.previous"))
        let other = try TinyTrainer(seed: 4)
        try other.load(from: checkpoint)
        #expect(other.state.iteration == 1)
        // A stale staging folder from a save killed midway (its process is gone) is removed.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".masque-tmp.999999999.deadbeef.model"),
                                                withIntermediateDirectories: true)
        try trainer.save(to: checkpoint)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["model"])
    }

    @Test func truncatedOrMismatchedCheckpointsGiveOneLineErrors() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("model")
        let trainer = try TinyTrainer(seed: 8)
        try trainer.save(to: checkpoint)
        let weights = checkpoint.appendingPathComponent(Checkpoint.weightsFile)
        let bytes = try Data(contentsOf: weights)
        try bytes.prefix(bytes.count / 2).write(to: weights)
        do {
            try TinyTrainer(seed: 8).load(from: checkpoint)
            Issue.record("a truncated checkpoint loaded")
        } catch let error as CheckpointError {
            #expect(error.message.contains(weights.path))
            #expect(error.message.contains("truncated"))
            #expect(!error.message.contains("\n"))
        }
        try trainer.save(to: checkpoint)
        final class Other: Module, @unchecked Sendable { let conv = Conv2D(3, 3, kernel: 3) }
        #expect(throws: CheckpointError.self) {
            _ = try Checkpoint.load(TinyTrainingState.self, into: Other(), from: checkpoint)
        }
        #expect(throws: CheckpointError.self) {
            _ = try Checkpoint.load(TinyTrainingState.self, into: Other(), from: folder.appendingPathComponent("absent"))
        }
    }
}
