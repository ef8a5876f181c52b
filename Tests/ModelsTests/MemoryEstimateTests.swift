import Foundation
@testable import Models
import Support
import Testing
import TestSupport
@testable import Training

/// Training's memory estimate: its parts follow the model, activations grow with the batch, a
/// limit below the estimate refuses before any step naming the largest batch that fits, and a
/// real run's peak memory is close to what was estimated.
@Suite struct MemoryEstimateTests {
    @Test func partsFollowTheModelAndTheBatch() throws {
        let folder = try TemporaryDirectory("masque-memory")
        let request = TrainerTests.request(in: folder, iterations: 1)
        let estimate = try request.estimate()
        let model = try request.prepare().model
        #expect(estimate.weightBytes == 8 * model.network.parameterCount)
        #expect(estimate.optimizerBytes == 2 * 4 * model.network.parameterCount, "AdaBelief keeps two values per weight")
        #expect(estimate.activationBytesPerFace > 0)
        #expect(estimate.totalBytes(batch: 8) > estimate.totalBytes(batch: 2))
        #expect(estimate.batchSize == 2)
        var limited = estimate
        limited.availableBytes = estimate.totalBytes(batch: 5) + 1
        #expect(limited.largestBatch == 5)
        #expect(!MemoryEstimate(weightBytes: 10, optimizerBytes: 0, fixedActivationBytes: 0, activationBytesPerFace: 1,
                                queueBytesPerFace: 0, saveBufferBytes: 0, runtimeBytes: 0, batchSize: 1, availableBytes: 5).fits)
    }

    @Test func aLimitBelowTheEstimateRefusesBeforeAnyStep() throws {
        let folder = try TemporaryDirectory("masque-memory-refused")
        var request = TrainerTests.request(in: folder, iterations: 1)
        request.memoryLimit = 1 << 20
        let error = #expect(throws: TrainingError.self) { try request.run() }
        #expect(error?.message.contains("not even a batch of 1 fits") == true, "\(error?.message ?? "")")
        #expect(PathKind.of(request.saveFolder) == .missing, "nothing was trained or saved")
    }
}
