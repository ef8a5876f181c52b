import Foundation
@testable import Models
import Support
import Tensors
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
        let model = try #require(try request.prepare().model as? SAEHDModel)
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

    /// On a GPU the estimate counts what lives in GPU memory: weights and gradients,
    /// activations, and the optimizer state only where `models_opt_on_gpu` keeps it there; the
    /// sample queues, the save buffer and the runtime stay in CPU memory.
    @Test func onAGPUOnlyWhatLivesThereCounts() {
        var estimate = MemoryEstimate(weightBytes: 100, optimizerBytes: 200, fixedActivationBytes: 40, activationBytesPerFace: 8,
                                      queueBytesPerFace: 1000, saveBufferBytes: 3000, runtimeBytes: 5000, batchSize: 4,
                                      availableBytes: 1000, device: .cuda(0), optimizerOnDevice: true)
        let activations = Int(Double(40 + 4 * 8) * (1 + MemoryEstimate.backwardShare))
        #expect(estimate.totalBytes == 100 + 200 + activations)
        #expect(estimate.largestBatch == Int((1000 - 300 - 40 * (1 + MemoryEstimate.backwardShare)) / (8 * (1 + MemoryEstimate.backwardShare))))
        estimate.optimizerOnDevice = false
        #expect(estimate.totalBytes == 100 + activations)
        #expect(estimate.summary.contains("memory of cuda:0") && estimate.summary.contains("CPU memory, not counted"))
        estimate.device = .cpu
        #expect(estimate.totalBytes == 100 + 200 + activations + 4 * 1000 + 3000 + 5000, "on the CPU everything counts")
    }

    /// Data-parallel CPU workers on one machine each count their part of its available memory.
    @Test func cpuWorkersSharingAMachineEachCountTheirPart() throws {
        let folder = try TemporaryDirectory("masque-memory-shared")
        var request = TrainerTests.request(in: folder, iterations: 1)
        request.memoryLimit = 1 << 40
        let alone = try #require(try request.estimate().availableBytes)
        request.processesSharingMemory = 4
        let shared = try #require(try request.estimate().availableBytes)
        #expect(abs(Double(shared) * 4 / Double(alone) - 1) < 0.05, "MemAvailable moves a little between the readings: \(alone), \(shared)")
    }

    /// `--device cuda` on a machine without one is a one-line error naming the fix, before anything is made.
    @Test(.enabled(if: Runtime.cudaDeviceCount == 0, "this machine has a CUDA device"))
    func aMissingGPUIsRefusedNamingTheFix() throws {
        #expect {
            _ = try Device(parsing: "cuda")
        } throws: { error in
            "\(error)".contains("--device cpu") && !"\(error)".contains("\n")
        }
    }
}
