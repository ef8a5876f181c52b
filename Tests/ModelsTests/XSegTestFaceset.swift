import DFLFormats
import FaceGeometry
import FaceSet
import Foundation
import Imaging
@testable import Models
import Tensors
import TestSupport

/// A tiny faceset for the XSeg mask commands: aligned faces cut from the astronaut portrait as
/// DFL's extractor cuts them (bilinear, with `source_landmarks` and the frame matrix), each with a
/// key DFL does not know, plus an image without DFL metadata; and a tiny XSeg model with random
/// weights saved as DFL's bare `XSeg_256.npy`.
enum XSegTestFaceset {
    /// A metadata key Masque does not know, which every command must keep.
    static let foreignKey = "masque_test_note"

    /// The portrait's 68 landmarks (frame pixels).
    static func sourceLandmarks() throws -> [SIMD2<Float>] {
        let values = try ReferenceFixtures.tensors("xseg_apply/warp.safetensors")["source_landmarks"]!.floats()
        return (0..<68).map { SIMD2(values[2 * $0], values[2 * $0 + 1]) }
    }

    /// Writes `<name>.jpg`: the portrait's face of `faceType` at `size` pixels, with `polygons`.
    @discardableResult
    static func writeFace(_ name: String, in folder: URL, faceType: FaceType, size: Int,
                          polygons: [XSegPolygon] = []) throws -> URL {
        let frame = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        let landmarks = try sourceLandmarks()
        let matrix = FaceAlignment.transform(landmarks: landmarks, size: size, faceType: faceType)
        let image = frame.warpedAffine(matrix, width: size, height: size, interpolation: .linear)
        let face = AlignedFace(faceType: faceType, landmarks: matrix.apply(to: landmarks), sourceFilename: "astronaut.png",
                               sourceRect: SourceRect(left: 100, top: 60, right: 260, bottom: 250), sourceLandmarks: landmarks,
                               imageToFaceMatrix: matrix, xsegPolygons: polygons)
        let url = folder.appendingPathComponent("\(name).jpg")
        var file = try AlignedFaceImage(image: image, quality: 90, face: face, sourceName: url.path)
        file.metadata[foreignKey] = .string("kept as it is")
        try file.write(to: url)
        return url
    }

    /// Two whole_face faces (256 and 192 px, the first labelled) and `plain.jpg` without metadata.
    static func make(in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try writeFace("00001_0", in: folder, faceType: .wholeFace, size: 256, polygons: [
            XSegPolygon(kind: .include, points: [SIMD2(40.25, 50.5), SIMD2(200, 48), SIMD2(210.75, 230), SIMD2(45, 225.125)]),
            XSegPolygon(kind: .exclude, points: [SIMD2(90, 150), SIMD2(140, 150), SIMD2(115, 200)]),
        ])
        try writeFace("00002_0", in: folder, faceType: .wholeFace, size: 192)
        try Image(width: 32, height: 32, channels: 3, repeating: UInt8(90)).encoded(as: .jpeg(quality: 90))
            .write(to: folder.appendingPathComponent("plain.jpg"))
    }

    /// A tiny XSeg network at DFL's resolution with random weights, as `folder/XSeg_256.npy`.
    @discardableResult
    static func model(in folder: URL, seed: UInt64 = 11) throws -> XSegNetwork {
        let network = XSegNetwork(resolution: 256, baseChannels: 2, generator: try Generator(seed: seed))
        try XSegDFLFiles.write(network, data: nil, to: XSegDFLFiles.files(in: folder))
        return network
    }

    /// The mask `xseg apply` must store for the face in `url` with `network` (a face of the
    /// model's type): the face resized to 256 with Lanczos-4, DFL's `extract`, binarised at 0.5.
    static func expectedMask(_ url: URL, network: XSegNetwork) throws -> [Float] {
        var image = try Image(contentsOf: url, mode: .color).converted(to: .float32)
        if image.width != 256 { image = image.resized(width: 256, height: 256, interpolation: .lanczos4) }
        let mask = XSegModel(network: network).masks(try image.tensor())
        return mask.floats().map { $0 >= 0.5 ? 1 : 0 }
    }

    /// The metadata dict and the JPEG's other segments of the face in `url`.
    static func contents(_ url: URL) throws -> (metadata: PickleDictionary, segments: [JPEGSegment]) {
        let file = try AlignedFaceImage(contentsOf: url)
        return (file.metadata, file.jpeg.segments.filter { $0.marker != JPEGSegment.app15 })
    }
}
