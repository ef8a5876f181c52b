// AMP training benchmark (issue 14): DFL's default AMP dims (ae 256, inter 1024, e 64, d 64,
// d_mask 22) at resolution 128, batch 4, on the CPU: `AMPModel.train` on fixed synthetic batches
// (uniform faces, disk masks, eyes-and-mouth squares, as reference.py), median and mean ms per
// step after a warmup. Prints one JSON line: {"impl": "masque", "ms_per_iter": …}. Run through
// bench/run-train-amp.
import Foundation
import Models
import NN
import Support
import Tensors
import Training

var iterations = 10, warmup = 2, threads = 2
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--iterations": iterations = Int(value)!
    case "--warmup": warmup = Int(value)!
    case "--threads": threads = Int(value)!
    default: fatalError("unknown option \(flag)")
    }
}

Runtime.threadCount = threads
let resolution = 128, batch = 4
let given: [String: OptionValue] = [
    "resolution": .int(resolution), "ae_dims": .int(256), "inter_dims": .int(1024), "e_dims": .int(64), "d_dims": .int(64),
    "d_mask_dims": .int(22), "batch_size": .int(batch), "face_type": .string("wf"),
]
let options = try AMPOptions.resolve(given: given).values

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

/// (N, 1, R, R) masks where `inside(y, x)` (pixel centres from the image centre).
func masks(_ inside: (Double, Double) -> Bool) throws -> Tensor {
    let centre = Double(resolution - 1) / 2
    let values: [Float] = (0..<resolution * resolution).map { index in
        inside(Double(index / resolution) - centre, Double(index % resolution) - centre) ? 1 : 0
    }
    let one = try values.withUnsafeBytes { try Tensor(host: $0, shape: [1, 1, resolution, resolution], dtype: .float32) }
    return Tensor.cat(Array(repeating: one, count: batch), dim: 0)
}

/// A fixed batch as reference.py's: uniform faces, a disk of radius 0.4·R, eyes-and-mouth squares.
func syntheticBatch(generator: Generator) throws -> TrainingBatch {
    let r = 0.4 * Double(resolution), q = Double(resolution) / 8
    return TrainingBatch(warped: Tensor.uniform([batch, 3, resolution, resolution], generator: generator),
                         target: Tensor.uniform([batch, 3, resolution, resolution], generator: generator),
                         mask: try masks { y, x in y * y + x * x < r * r },
                         eyesMouthMask: try masks { y, x in abs(x) < q && abs(y - q) < q })
}

let generator = try Generator(seed: 1)
let model = try AMPModel(options: options, generator: generator)
let source = try syntheticBatch(generator: generator), destination = try syntheticBatch(generator: generator)
var losses: [Float] = [0, 0]
for _ in 0..<warmup { losses = try model.train([source, destination]) }
var times: [Double] = []
for _ in 0..<iterations {
    let start = DispatchTime.now().uptimeNanoseconds
    losses = try model.train([source, destination])
    times.append(milliseconds(since: start))
}
let result: [String: Any] = [
    "impl": "masque", "threads": threads, "iterations": iterations, "torch": Runtime.version,
    "ms_per_iter": median(times), "ms_mean": times.reduce(0, +) / Double(times.count),
    "loss": losses.map(Double.init), "params": model.network.parameterCount,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
