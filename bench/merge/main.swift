import DFLFormats
import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Merger
import Provenance
import Support
import Tensors

/// `bench-merge make-frames DIR N`: N 1080p frames (the reference portrait enlarged onto a grey
/// 1920×1080 canvas, shifted a little each frame) and their aligned faces, plus `face.npy`-like
/// raw arrays of the fixed prediction both sides use.
/// `bench-merge run DIR OUT`: merges them with Masque's merger (overlay, rct, erode 20, blur 40,
/// dst mask, R = 128) on every core and prints one JSON line.
let arguments = CommandLine.arguments
let resolution = 128

/// The fixed prediction: a smooth synthetic face, full masks (the model's call is not timed).
struct FixedPredictor: FacePredictor {
    let resolution: Int
    let faceType = FaceType.wholeFace

    static func face(_ resolution: Int) -> Image {
        var values = [Float](repeating: 0, count: resolution * resolution * 3)
        for y in 0..<resolution {
            for x in 0..<resolution {
                let (u, v) = (Float(x) / Float(resolution - 1), Float(y) / Float(resolution - 1))
                values[(y * resolution + x) * 3] = 0.3 + 0.4 * u
                values[(y * resolution + x) * 3 + 1] = 0.5 + 0.3 * sin(6 * v)
                values[(y * resolution + x) * 3 + 2] = 0.6 - 0.3 * v
            }
        }
        return Image(width: resolution, height: resolution, channels: 3, pixels: values)
    }

    func predict(_ faces: [Image]) throws -> [PredictedFace] {
        let face = Self.face(resolution)
        let ones = Image(width: resolution, height: resolution, channels: 1, repeating: Float(1))
        return faces.map { _ in PredictedFace(face: face, predictedMask: ones, destinationMask: ones) }
    }
}

func landmarks(frame index: Int) throws -> [SIMD2<Float>] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tests/Reference/tflite/astronaut_landmarks68.npy")
    let values = try NumpyFile.read(url).floats()
    let shift = SIMD2<Float>(Float(index % 7) * 3, Float(index % 5) * 2)
    return (0..<68).map { SIMD2(values[2 * $0], values[2 * $0 + 1]) * 2.8125 + SIMD2(420, 0) + shift }
}

func makeFrames(_ folder: URL, count: Int) throws {
    let aligned = folder.appendingPathComponent("aligned")
    try FileManager.default.createDirectory(at: aligned, withIntermediateDirectories: true)
    let portraitURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tests/Reference/portraits/astronaut.png")
    let portrait = try Image(contentsOf: portraitURL, mode: .color).resized(width: 1080, height: 1080, interpolation: .cubic)
    for index in 1...count {
        var canvas = Image(width: 1920, height: 1080, channels: 3, repeating: UInt8(128))
        let x = 420 + index % 7 * 3, y = index % 5 * 2
        canvas.paste(portrait.cropped(x: 0, y: 0, width: 1080, height: 1080 - y), x: x, y: y)
        let name = String(format: "%05d.png", index)
        try canvas.write(to: folder.appendingPathComponent(name), as: .png(compressionLevel: 1))
        let points = try landmarks(frame: index)
        let matrix = FaceAlignment.transform(landmarks: points, size: 256, faceType: .wholeFace)
        let face = AlignedFace(faceType: .wholeFace, landmarks: matrix.apply(to: points), sourceFilename: name,
                               sourceLandmarks: points, imageToFaceMatrix: matrix)
        try AlignedFaceImage(image: canvas.warpedAffine(matrix, width: 256, height: 256), quality: 90, face: face, sourceName: name)
            .write(to: aligned.appendingPathComponent(String(format: "%05d_0.jpg", index)))
    }
}

func run(_ frames: URL, output: URL) throws {
    var request = MergeRequest(framesFolder: frames)
    request.outputFolder = output.appendingPathComponent("merged")
    request.maskFolder = output.appendingPathComponent("merged_mask")
    request.sessionFile = output.appendingPathComponent("session.json")
    let session = try MergeSession().updating(["mode": .string("overlay"), "color_transfer_mode": .string("rct"),
                                               "erode_mask_modifier": .int(20), "blur_mask_modifier": .int(40),
                                               "mask_mode": .string("dst")], frame: nil, source: "bench").session
    let model = MergeModel(predictor: FixedPredictor(resolution: resolution), identity: "bench@\(Date().timeIntervalSince1970)",
                           label: SyntheticMediaLabel(modelName: "bench", weightsSHA256: String(repeating: "0", count: 64)))
    let start = Date()
    let report = try request.run(model: model, session: session)
    let seconds = Date().timeIntervalSince(start)
    print("{\"impl\": \"masque\", \"frames\": \(report.merged), \"seconds\": \(seconds), \"fps\": \(Double(report.merged) / seconds)}")
}

do {
    switch arguments.dropFirst().first {
    case "make-frames": try makeFrames(URL(fileURLWithPath: arguments[2]), count: Int(arguments[3])!)
    case "run": try run(URL(fileURLWithPath: arguments[2]), output: URL(fileURLWithPath: arguments[3]))
    default: FileHandle.standardError.write(Data("usage: bench-merge make-frames DIR N | run DIR OUT\n".utf8)); exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("bench-merge: \(error)\n".utf8))
    exit(1)
}
