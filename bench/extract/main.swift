// Face-extraction benchmark: frames per second of Masque's whole extraction (decode, detect,
// landmark, align, encode, write) on synthetic 720p frames of a moving portrait.
// `bench-extract make-frames DIR N` writes the frames; `bench-extract run DIR OUT [landmarker]`
// extracts them and prints one JSON line. bench/run-extract runs it beside bench/extract/reference.py.
import FaceAnalysis
import FaceSet
import Foundation
import Imaging
import Tensors
import TestSupport

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "make-frames":
    let portrait = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        .resized(width: 576, height: 576, interpolation: .cubic)
    try PortraitFrames.write(count: Int(arguments[2])!, of: portrait, width: 1280, height: 720, into: URL(fileURLWithPath: arguments[1]))
case "run":
    let landmarker = arguments.count > 3 ? LandmarkerKind(rawValue: arguments[3])! : .dlib
    let store = ModelStore.standard()
    let workers = ProcessInfo.processInfo.activeProcessorCount
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
default:
    FileHandle.standardError.write(Data("usage: bench-extract make-frames DIR N | run DIR OUT [facemesh|dlib]\n".utf8))
    exit(2)
}
