import Foundation
@testable import Models
import NN
import Tensors
import Testing
import TestSupport
import Training

/// Training on a CUDA GPU, the check a machine with one runs (skipped without): SAEHD trains on
/// cuda:0 with its optimizer state on the GPU and, with `models_opt_on_gpu` off, in CPU memory;
/// Quick96 follows DFL's rule (on the GPU when it has 4 GiB or more); the losses stay finite,
/// the memory estimate counts the GPU's memory, and the save resumes on the CPU.
@Suite(.enabled(if: Runtime.cudaDeviceCount > 0, "needs a CUDA device"))
struct CUDATrainingTests {
    @Test(arguments: [true, false])
    func saehdTrainsOnTheGPUWithItsOptimizerStateWhereAsked(optimizerOnGPU: Bool) throws {
        let folder = try TemporaryDirectory("masque-cuda-saehd")
        var request = TrainerTests.request(in: folder, iterations: 3)
        request.device = .cuda(0)
        request.options["models_opt_on_gpu"] = .bool(optimizerOnGPU)
        try Self.trainThenResumeOnTheCPU(request, optimizerOnGPU: optimizerOnGPU)
    }

    @Test func quick96KeepsItsOptimizerStateOnAGPUOfFourGiBOrMore() throws {
        let folder = try TemporaryDirectory("masque-cuda-quick96")
        var request = TrainerTests.request(in: folder, iterations: 3)
        request.kind = .quick96
        request.options = [:]
        request.device = .cuda(0)
        let memory = try #require(Runtime.cudaMemory(device: 0))
        try Self.trainThenResumeOnTheCPU(request, optimizerOnGPU: memory.total >= 4 << 30)
    }

    /// Trains `request` (on cuda:0), checks where the weights and optimizer state were and what
    /// the estimate counted, then resumes the save on the CPU for one more step.
    static func trainThenResumeOnTheCPU(_ request: TrainingRequest, optimizerOnGPU: Bool) throws {
        let prepared = try request.prepare()
        let optimizer = try #require(prepared.model as? SAEHDModel).autoencoderOptimizer
        #expect(prepared.model.device == .cuda(0) && prepared.model.optimizerOnDevice == optimizerOnGPU)
        let slots = optimizer.stateTensors().filter { $0.name != "iters" }
        #expect(!slots.isEmpty && slots.allSatisfy { $0.tensor.device == (optimizerOnGPU ? .cuda(0) : .cpu) })
        let report = try request.run()
        #expect(report.state.iteration == 3 && report.state.lossHistory.count == 3)
        #expect(report.state.lossHistory.allSatisfy { $0.allSatisfy(\.isFinite) }, "\(report.state.lossHistory)")
        let memory = try #require(Runtime.cudaMemory(device: 0))
        #expect(report.memory.device == .cuda(0) && report.memory.optimizerOnDevice == optimizerOnGPU)
        #expect((report.memory.availableBytes ?? 0) > 0 && (report.memory.availableBytes ?? .max) <= memory.total)
        #expect(report.memory.totalBytes < memory.total)
        var onCPU = request
        onCPU.device = .cpu
        onCPU.settings = Trainer.Settings(iterations: 1, saveEvery: 3, previewEvery: 3)
        let resumed = try onCPU.run()
        #expect(resumed.state.iteration == 4 && resumed.state.lossHistory.last?.allSatisfy(\.isFinite) == true)
    }
}
