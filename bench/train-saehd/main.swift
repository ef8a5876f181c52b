// SAEHD training benchmark (issue 11): DFL's default model, liae-ud at resolution 128, dims
// ae 256 / e 64 / d 64 / d_mask 22, batch 4, masked training, AdaBelief, on the CPU.
// 1. `SAEHDModel.train` on fixed synthetic batches (uniform faces, disk masks, as
//    reference.py): median and mean ms per step after a warmup.
// 2. The real `Trainer` on the aligned faceset fixture as src and dst: the share of the training
//    loop (from `run` to the last step) spent in `SampleQueue.next` waiting for batches.
// --profile also times forward+loss, backward and the optimizer update apart, with and without
// the swap (dst→src) decode that `SAEHDNetwork.callAsFunction` computes for the preview.
// Prints one JSON line: {"impl": "masque", "ms_per_iter": …}. Run through bench/run-train-saehd.
import Foundation
import Models
import NN
import Support
import Tensors
import Training

var iterations = 20, warmup = 3, threads = 2, trainerIterations = 12, profile = false
var faceset = "Tests/Reference/faceset/aligned"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    if flag == "--profile" { profile = true; continue }
    guard let value = arguments.next() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--iterations": iterations = Int(value)!
    case "--warmup": warmup = Int(value)!
    case "--threads": threads = Int(value)!
    case "--trainer-iterations": trainerIterations = Int(value)!
    case "--faceset": faceset = value
    default: fatalError("unknown option \(flag)")
    }
}

Runtime.threadCount = threads
let resolution = 128, batch = 4
let given: [String: OptionValue] = [
    "archi": .string("liae-ud"), "resolution": .int(resolution), "ae_dims": .int(256), "e_dims": .int(64), "d_dims": .int(64),
    "d_mask_dims": .int(22), "batch_size": .int(batch), "masked_training": .bool(true), "adabelief": .bool(true),
]
let options = try SAEHDOptions.resolve(given: given).values
let (samples, skipped) = try TrainingSample.load(URL(fileURLWithPath: faceset))

/// Median of `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

/// Face-like masks (N, 1, R, R): a centred disk of radius 0.4·R, as reference.py's.
func diskMasks() throws -> Tensor {
    let centre = Double(resolution - 1) / 2, radius = 0.4 * Double(resolution)
    let values: [Float] = (0..<resolution * resolution).map { index in
        let (y, x) = (Double(index / resolution) - centre, Double(index % resolution) - centre)
        return y * y + x * x < radius * radius ? 1 : 0
    }
    let disk = try values.withUnsafeBytes { try Tensor(host: $0, shape: [1, 1, resolution, resolution], dtype: .float32) }
    return Tensor.cat(Array(repeating: disk, count: batch), dim: 0)
}

/// A fixed batch: uniform noise faces with disk masks, as reference.py's, so both
/// implementations see inputs of the same kind.
func syntheticBatch(generator: Generator) throws -> TrainingBatch {
    TrainingBatch(warped: Tensor.uniform([batch, 3, resolution, resolution], generator: generator),
                  target: Tensor.uniform([batch, 3, resolution, resolution], generator: generator),
                  mask: try diskMasks(), eyesMouthMask: Tensor.zeros([batch, 1, resolution, resolution]))
}

/// Milliseconds of forward+loss, backward and the optimizer update of one step of `model`.
func profiledStep(_ model: SAEHDModel, _ source: TrainingBatch, _ destination: TrainingBatch, withSwap: Bool)
    throws -> (forward: Double, backward: Double, optimizer: Double) {
    let network = model.network, loss = model.step.loss
    network.zeroGrad()
    let start = DispatchTime.now().uptimeNanoseconds
    let outputs = network(source: source.warped, destination: destination.warped, decodingSwap: withSwap)
    let (sourceOut, destinationOut) = ((face: outputs.sourceFace, mask: outputs.sourceMask),
                                       (face: outputs.destinationFace, mask: outputs.destinationMask))
    let sourceLoss = loss(target: source.target!, prediction: sourceOut.face, mask: source.mask!,
                          eyesMouthMask: source.eyesMouthMask!, predictedMask: sourceOut.mask)
    let destinationLoss = loss(target: destination.target!, prediction: destinationOut.face, mask: destination.mask!,
                               eyesMouthMask: destination.eyesMouthMask!, predictedMask: destinationOut.mask)
    let total = sourceLoss.sum() + destinationLoss.sum()
    _ = total.item()
    let forward = milliseconds(since: start)
    let backwardStart = DispatchTime.now().uptimeNanoseconds
    total.backward()
    let backward = milliseconds(since: backwardStart)
    let optimizerStart = DispatchTime.now().uptimeNanoseconds
    try model.step.optimizer.step()
    return (forward, backward, milliseconds(since: optimizerStart))
}

/// Times `model.train` on fixed synthetic batches; with `profile`, the parts of a step too.
@MainActor func benchmarkSteps() throws -> [String: Any] {
    let generator = try Generator(seed: 1)
    let model = try SAEHDModel(options: options, generator: generator)
    let source = try syntheticBatch(generator: generator)
    let destination = try syntheticBatch(generator: generator)
    var losses: [Float] = [0, 0]
    for _ in 0..<warmup { losses = try model.train([source, destination]) }
    var times: [Double] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        losses = try model.train([source, destination])
        times.append(milliseconds(since: start))
    }
    var result: [String: Any] = [
        "ms_per_iter": median(times), "ms_mean": times.reduce(0, +) / Double(times.count),
        "loss": losses.map(Double.init), "params": model.network.parameterCount,
    ]
    if profile {
        for withSwap in [true, false] {
            let parts = try (0..<max(3, iterations / 2)).map { _ in try profiledStep(model, source, destination, withSwap: withSwap) }
            let suffix = withSwap ? "" : "_no_swap"
            result["ms_forward_loss" + suffix] = median(parts.map(\.forward))
            result["ms_backward" + suffix] = median(parts.map(\.backward))
            result["ms_optimizer" + suffix] = median(parts.map(\.optimizer))
        }
    }
    return result
}

/// Runs the real `Trainer` on the fixture for `trainerIterations` steps in a temporary folder;
/// returns the sample-wait share of the loop, over all steps and after the first (whose batch
/// the queue starts making only when the trainer is made).
@MainActor func measureSampleWait() throws -> [String: Any] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("masque-bench-saehd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = try SAEHDModel(options: options, generator: try Generator(seed: 2))
    let faceset = TrainingFaceset(folder: folder, samples: samples)
    let trainer = Trainer(model: model, streams: try model.sampleStreams(source: faceset, destination: faceset),
                          folder: folder.appendingPathComponent("model"),
                          previewFile: folder.appendingPathComponent("preview.png"),
                          state: TrainingState(kind: model.kind, options: model.options, seed: 1),
                          settings: .init(iterations: trainerIterations, saveEvery: 1_000_000, previewEvery: 1_000_000))
    let start = DispatchTime.now().uptimeNanoseconds
    var firstStepEnd = start, lastStepEnd = start
    var waitAfterFirst = 0.0, waitAtLast = 0.0
    var stepTimes: [Double] = []
    _ = try trainer.run { event in
        guard case .step(let iteration, let ms, _) = event else { return }
        lastStepEnd = DispatchTime.now().uptimeNanoseconds
        waitAtLast = trainer.secondsWaitingForSamples
        stepTimes.append(ms)
        if iteration == 1 { (firstStepEnd, waitAfterFirst) = (lastStepEnd, waitAtLast) }
    }
    let loop = Double(lastStepEnd - start) / 1e9, afterFirst = Double(lastStepEnd - firstStepEnd) / 1e9
    return [
        "trainer_iterations": trainerIterations, "trainer_ms_per_iter": median(stepTimes),
        "wait_seconds": waitAtLast, "loop_seconds": loop, "wait_share": waitAtLast / loop,
        "wait_share_after_first": afterFirst > 0 ? (waitAtLast - waitAfterFirst) / afterFirst : 0,
        "faces": samples.count, "skipped": skipped.count,
    ]
}

var result: [String: Any] = ["impl": "masque", "threads": threads, "iterations": iterations, "torch": Runtime.version]
result.merge(try benchmarkSteps()) { $1 }
if trainerIterations > 0 { result.merge(try measureSampleWait()) { $1 } }
let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
