// XSeg benchmark (issue 12), run through bench/run-xseg:
//   train [--iterations N] [--warmup N] [--threads T] [--batch B] [--resolution R]
//       `XSegTrainingModel.train` on DFL's network (256 px, base 32) and a fixed synthetic batch
//       of 8 (uniform faces, disc masks, as reference.py's): median ms per step after a warmup.
//   make-faces FOLDER COUNT [SIZE]
//       COUNT whole-face aligned JPEGs of SIZE px (default 512, DFL's whole-face extraction size)
//       with DFL metadata, cut from the astronaut portrait fixture, and an XSeg model folder
//       FOLDER.model holding random weights as DFL's XSeg_256.npy.
//   apply FOLDER [--threads T]
//       `XSegApplyRequest` (what `masque xseg apply` runs) over FOLDER with FOLDER.model: JPEG read,
//       network, mask stored in every face's metadata, files written. Faces per second.
// Each prints one JSON line: {"impl": "masque", ...}.
import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Models
import NN
import Support
import Tensors
import Training

func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func emit(_ result: [String: Any]) throws {
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else { fatalError("usage: bench-xseg train|make-faces|apply …") }
arguments.removeFirst()
var positional: [String] = []
var flags: [String: Int] = [:]
var iterator = arguments.makeIterator()
while let argument = iterator.next() {
    if argument.hasPrefix("--") {
        guard let value = iterator.next().flatMap(Int.init) else { fatalError("\(argument) needs a number") }
        flags[String(argument.dropFirst(2))] = value
    } else {
        positional.append(argument)
    }
}
let threads = flags["threads"] ?? 2
Runtime.threadCount = threads

switch mode {
case "train":
    let iterations = flags["iterations"] ?? 10, warmup = flags["warmup"] ?? 2
    let batch = flags["batch"] ?? 8, resolution = flags["resolution"] ?? 256
    let options = try XSegOptions.resolve(given: ["batch_size": .int(batch)]).values
    let network = XSegNetwork(resolution: resolution, baseChannels: flags["base"] ?? XSegNetwork.dflBaseChannels,
                              generator: try Generator(seed: 1))
    let model = try XSegTrainingModel(network: network, options: options, seed: 1)
    let centre = Double(resolution - 1) / 2, radius = 0.4 * Double(resolution)
    let disc: [Float] = (0..<resolution * resolution).map { index in
        let (y, x) = (Double(index / resolution) - centre, Double(index % resolution) - centre)
        return y * y + x * x < radius * radius ? 1 : 0
    }
    let mask = Tensor.cat(Array(repeating: Tensor(disc, shape: [1, 1, resolution, resolution]), count: batch), dim: 0)
    let faces = Tensor.uniform([batch, 3, resolution, resolution], generator: try Generator(seed: 2))
    let batches = [TrainingBatch(warped: faces, mask: mask)]
    for _ in 0..<warmup { _ = try model.train(batches) }
    var times: [Double] = []
    var loss: Float = 0
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        loss = try model.train(batches)[0]
        times.append(milliseconds(since: start))
    }
    try emit(["impl": "masque", "ms_per_iter": median(times), "ms_mean": times.reduce(0, +) / Double(times.count),
              "iterations": iterations, "threads": threads, "loss": Double(loss), "params": network.parameterCount,
              "torch": Runtime.version])

case "make-faces":
    guard positional.count >= 2, let count = Int(positional[1]) else { fatalError("make-faces FOLDER COUNT [SIZE]") }
    let folder = URL(fileURLWithPath: positional[0]), size = positional.count > 2 ? Int(positional[2])! : 512
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let portrait = try Image(contentsOf: URL(fileURLWithPath: "Tests/Reference/portraits/astronaut.png"), mode: .color)
    let side = min(portrait.width, portrait.height)
    let face = portrait.cropped(x: (portrait.width - side) / 2, y: 0, width: side, height: side)
        .resized(width: size, height: size, interpolation: .area)
    let landmarks = (0..<68).map { k in
        let angle = Float(k) * 2 * .pi / 68
        return SIMD2(Float(size) * (0.5 + 0.25 * Foundation.cos(angle)), Float(size) * (0.5 + 0.3 * Foundation.sin(angle)))
    }
    for index in 0..<count {
        let url = folder.appendingPathComponent(String(format: "%05d_0.jpg", index))
        let metadata = AlignedFace(faceType: .wholeFace, landmarks: landmarks, sourceFilename: String(format: "%05d.png", index))
        try AlignedFaceImage(image: face, quality: 90, face: metadata, sourceName: url.path).write(to: url)
    }
    let network = XSegNetwork(generator: try Generator(seed: 3))
    try XSegDFLFiles.write(network, data: nil, to: XSegDFLFiles.files(in: URL(fileURLWithPath: positional[0] + ".model")))

case "apply":
    guard let path = positional.first else { fatalError("apply FOLDER") }
    let request = XSegApplyRequest(folder: URL(fileURLWithPath: path), modelFolder: URL(fileURLWithPath: path + ".model"))
    let start = DispatchTime.now().uptimeNanoseconds
    let report = try request.run()
    let seconds = milliseconds(since: start) / 1000
    let faces = report.faces.changed.count + report.faces.unchanged.count
    try emit(["impl": "masque", "faces": faces, "written": report.faces.changed.count, "seconds": seconds,
              "faces_per_s": Double(faces) / seconds, "threads": threads, "torch": Runtime.version])

default:
    fatalError("unknown mode \(mode): train, make-faces or apply")
}
