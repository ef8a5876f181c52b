// `.dfm` inference benchmark (issue 14): DFL's default SAEHD (liae-ud, resolution 128, dims ae 256
// / e 64 / d 64 / d_mask 22, random weights) exported by `DFMExport` to a `.dfm`, then run by
// Masque's ONNX runner (`DFMModel.swap`) on batches of faces: faces per second (median of the timed
// batches). Writes the file and the input faces for reference.py, which runs the same file in
// onnxruntime. Prints one JSON line. Run through bench/run-dfm.
import Foundation
import Models
import Support
import Tensors

var iterations = 10, batch = 4, threads = 2, folder = "/tmp/masque-bench-dfm"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--iterations": iterations = Int(value)!
    case "--batch": batch = Int(value)!
    case "--threads": threads = Int(value)!
    case "--folder": folder = value
    default: fatalError("unknown option \(flag)")
    }
}
Runtime.threadCount = threads
let output = URL(fileURLWithPath: folder)
try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
let network = SAEHDNetwork(architecture: .dflDefault, dimensions: SAEHDDimensions(), generator: try Generator(seed: 1))
let file = output.appendingPathComponent("bench_SAEHD_model.dfm")
try DFMExport.write(try DFMExport.data(network), to: file)
let faces = Tensor.uniform([batch, 3, 128, 128], generator: try Generator(seed: 2))
try SafeTensors.write(SafeTensors.Contents(tensors: [("in", faces.permuted([0, 2, 3, 1]).contiguous())]),
                      to: output.appendingPathComponent("faces.safetensors"))
let model = try DFMModel(contentsOf: file)
_ = try model.swap(faces, morph: 1)
var times: [Double] = []
for _ in 0..<iterations {
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try model.swap(faces, morph: 1)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
let median = times.sorted()[times.count / 2]
let result: [String: Any] = ["impl": "masque", "faces_per_second": Double(batch) / median, "batch": batch, "threads": threads,
                             "iterations": iterations, "file": file.path]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
