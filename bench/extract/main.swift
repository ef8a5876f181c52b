// Face-extraction benchmark: frames per second of Masque's whole extraction (decode, detect,
// landmark, align, encode, write) on synthetic 720p frames of a moving portrait.
// `bench-extract make-frames DIR N` writes the frames; `bench-extract run DIR OUT [landmarker]`
// extracts them and prints one JSON line. bench/run-extract runs it beside bench/extract/reference.py.
import FaceAnalysis
import FaceSet
import Foundation
import Imaging
import Media
import Tensors

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "make-frames":
    let portrait = try Image(contentsOf: try ModelFetcher(store: ModelStore.standard()).fetch(ModelCatalog.astronautPortrait), mode: .color)
        .resized(width: 576, height: 576, interpolation: .cubic)
    try PortraitFrames.write(count: Int(arguments[2])!, of: portrait, width: 1280, height: 720, into: URL(fileURLWithPath: arguments[1]))
case "run":
    let landmarker = arguments.count > 3 ? LandmarkerKind(rawValue: arguments[3])! : .dlib
    let store = ModelStore.standard()
    let workers = Int(ProcessInfo.processInfo.environment["WORKERS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
    Runtime.threadCount = 1
    let extractor = FaceExtractor(
        detector: try FaceDetectorKind.centerface.make(store: store, dflModels: nil, device: .cpu),
        landmarker: try landmarker.make(store: store, dflModels: nil, faceType: .wholeFace, device: .cpu),
        settings: ExtractionSettings(faceType: .wholeFace, imageSize: 512, jpegQuality: 90))
    let output = URL(fileURLWithPath: arguments[2])
    try? FileManager.default.removeItem(at: output)
    let job = ExtractionJob(inputFolder: URL(fileURLWithPath: arguments[1]), outputFolder: output, extractor: extractor, workers: workers)
    let start = Date()
    let report = try job.run()
    let seconds = Date().timeIntervalSince(start)
    print(#"{"impl": "masque", "frames": \#(report.framesProcessed), "faces": \#(report.facesWritten), "seconds": \#(seconds), "fps": \#(Double(report.framesProcessed) / seconds), "workers": \#(workers), "landmarker": "\#(landmarker.rawValue)"}"#)
case "stages":
    // Milliseconds per frame of each stage, one thread, to show where the time goes.
    let store = ModelStore.standard()
    Runtime.threadCount = 1
    let detector = try FaceDetectorKind.centerface.make(store: store, dflModels: nil, device: .cpu)
    let landmarker = try (arguments.count > 2 ? LandmarkerKind(rawValue: arguments[2])! : .dlib)
        .make(store: store, dflModels: nil, faceType: .wholeFace, device: .cpu)
    let extractor = FaceExtractor(detector: detector, landmarker: landmarker,
                                  settings: ExtractionSettings(faceType: .wholeFace, imageSize: 512, jpegQuality: 90))
    var seconds: [String: Double] = [:]
    func timed<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = Date()
        defer { seconds[stage, default: 0] += Date().timeIntervalSince(start) }
        return try work()
    }
    let frames = try ExtractionJob.frames(in: URL(fileURLWithPath: arguments[1]))
    for frame in frames {
        let image = try timed("decode") { FaceExtractor.prepare(try Image(contentsOf: frame, mode: .unchanged)) }
        let faces = try timed("detect") { try detector.detect(in: image) }
        for face in faces {
            let points = try timed("landmark") { try landmarker.landmarks(in: image, face: face) }
            let aligned = timed("align") { extractor.align(frame: image, frameName: frame.lastPathComponent, detection: face, landmarks: points) }
            if let aligned { _ = try timed("encode") { try aligned.image.encoded(as: .jpeg(quality: 90)) } }
        }
    }
    print(seconds.sorted { $0.value > $1.value }.map { "\($0.key) \(String(format: "%.1f", $0.value * 1000 / Double(frames.count))) ms" }.joined(separator: ", "))
default:
    FileHandle.standardError.write(Data("usage: bench-extract make-frames DIR N | run DIR OUT [facemesh|dlib]\n".utf8))
    exit(2)
}
