// Masque's side of bench/run-superres: Real-ESRGAN x4plus (×4) on one face, on 2 CPU threads.
//   bench-superres run FACE.png COUNT [--profile]
// enhances the face COUNT times after one warm-up run and prints one JSON line with the rate;
// --profile adds the time spent in each layer type (summed over the runs).
import FaceAnalysis
import Foundation
import Imaging
import Inference
import Tensors

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 3, arguments[0] == "run", let count = Int(arguments[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: bench-superres run FACE.png COUNT [--profile]\n".utf8))
    exit(2)
}
do {
    Runtime.threadCount = 2
    let face = try Image(contentsOf: URL(fileURLWithPath: arguments[1]), mode: .color)
    let network = try SuperResolution(device: .cpu)
    _ = try network.enhance(face)
    var seconds: [Double] = []
    for _ in 0..<count {
        let start = Date()
        let output = try network.enhance(face)
        precondition(output.width == face.width * 4 && output.height == face.height * 4)
        seconds.append(Date().timeIntervalSince(start))
    }
    if arguments.contains("--profile") {
        let side = face.width + 2 * network.tiling.padding
        let input = try face.resized(width: side, height: side).tensor(layout: .nchw)
        let name = network.network.inputNames[0]
        var byType: [String: Double] = [:]
        for _ in 0..<count {
            _ = try network.network.run([name: input]) { type, seconds in byType[type, default: 0] += seconds }
        }
        for (type, seconds) in byType.sorted(by: { $0.value > $1.value }) {
            FileHandle.standardError.write(Data(String(format: "%@: %.3f s per face\n", type, seconds / Double(count)).utf8))
        }
    }
    let total = seconds.reduce(0, +)
    print(String(format: "{\"impl\": \"masque\", \"faces\": %d, \"size\": %d, \"seconds\": %.3f, \"faces_per_s\": %.4f}",
                 count, face.width, total, Double(count) / total))
} catch {
    FileHandle.standardError.write(Data("bench-superres: \(error)\n".utf8))
    exit(1)
}
