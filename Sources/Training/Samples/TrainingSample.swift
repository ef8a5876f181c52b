import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Support

/// One aligned face of a training faceset, decoded once (DFL's `samplelib.Sample`): the image,
/// its 68 landmarks in the image's pixels, its face type, its XSeg label polygons and its applied
/// XSeg mask, if any.
public struct TrainingSample: Sendable {
    /// The file (or `faceset.pak` entry) the face came from, for messages.
    public var name: String
    /// The aligned face, BGR `uint8`.
    public var image: Image
    /// The 68 landmarks in `image`'s pixels.
    public var landmarks: [SIMD2<Float>]
    public var faceType: FaceType
    /// DFL's `eyebrows_expand_mod` for the hull mask.
    public var eyebrowsExpandMod: Double
    /// The applied XSeg mask, one float32 channel in 0…1, at its stored size; nil when the face
    /// has none (the landmark hull mask is used instead, as DFL does).
    public var xsegMask: Image?
    /// The 468 face-mesh vertices (x, y in `image`'s pixels) when they were found for the mesh
    /// default mask (`DefaultFaceMask.mesh`); nil otherwise.
    public var meshPoints: [SIMD2<Float>]?
    /// The XSeg label polygons (`seg_ie_polys`) in `image`'s pixels, include polygons first.
    public var xsegPolygons: [XSegPolygon]

    public init(name: String, image: Image, landmarks: [SIMD2<Float>], faceType: FaceType, eyebrowsExpandMod: Double = 1,
                xsegMask: Image? = nil, meshPoints: [SIMD2<Float>]? = nil, xsegPolygons: [XSegPolygon] = []) {
        self.name = name
        self.image = image
        self.landmarks = landmarks
        self.faceType = faceType
        self.eyebrowsExpandMod = eyebrowsExpandMod
        self.xsegMask = xsegMask
        self.meshPoints = meshPoints
        self.xsegPolygons = xsegPolygons
    }

    /// Whether the face is labelled for XSeg: its polygons hold at least one point (DFL's
    /// `seg_ie_polys.get_pts_count() != 0`).
    public var hasXSegLabels: Bool { xsegPolygons.contains { !$0.points.isEmpty } }

    /// The faces of a training faceset: the aligned JPEGs of `folder`, or its `faceset.pak` when
    /// it holds one (DFL's `SampleLoader`), decoded on every core. Images without DFL metadata
    /// or with the wrong number of landmarks are skipped and counted (`skipped`, with the first
    /// name), as DFL skips them; a folder with no usable face is an error naming the folder.
    public static func load(_ folder: URL) throws -> (samples: [TrainingSample], skipped: [String]) {
        try PathKind.requireFolder(folder)
        let packed = PathKind.of(folder.appendingPathComponent(FacesetPack.fileName)) == .file
        let sources: [(name: String, bytes: @Sendable () throws -> [UInt8])]
        if packed {
            let pack = folder.appendingPathComponent(FacesetPack.fileName)
            let data = try Data(contentsOf: pack, options: .alwaysMapped)
            sources = try FacesetPack.read(folder: folder).map { sample in
                let range = sample.byteRange
                return ("\(pack.path):\(sample.filename)", { [UInt8](data[range]) })
            }
        } else {
            sources = try FacesetFolder.imageFiles(in: folder).map { url in
                (url.path, { [UInt8](try Data(contentsOf: url)) })
            }
        }
        let decoded = ParallelMap.map(sources.count) { index -> Result<TrainingSample, any Error> in
            Result { try decode(sources[index].bytes(), name: sources[index].name) }
        }
        var samples: [TrainingSample] = []
        var skipped: [String] = []
        for (index, result) in decoded.enumerated() {
            switch result {
            case .success(let sample): samples.append(sample)
            case .failure: skipped.append(sources[index].name)
            }
        }
        guard !samples.isEmpty else {
            let why = skipped.isEmpty ? "holds no aligned face" : "holds no usable aligned face (\(skipped.count) images without DFL metadata, e.g. \(skipped[0]))"
            throw FacesetError(file: folder.path, reason: "\(why); extract faces into it first (masque extract-faces)")
        }
        return (samples, skipped)
    }

    /// A sample from an aligned face JPEG's bytes; `name` names it in errors.
    public static func decode(_ bytes: [UInt8], name: String) throws -> TrainingSample {
        let file = try AlignedFaceImage(bytes: bytes, sourceName: name)
        let face = try file.face()
        guard face.landmarks.count == 68 else {
            throw FacesetError(file: name, reason: "has \(face.landmarks.count) landmarks, training needs 68")
        }
        let image = try Image(encoded: Data(bytes), mode: .color, source: name)
        return TrainingSample(name: name, image: image, landmarks: face.landmarks, faceType: face.faceType,
                              eyebrowsExpandMod: face.eyebrowsExpandMod, xsegMask: try face.xsegMask?.decoded(sourceName: name),
                              xsegPolygons: face.xsegPolygons)
    }
}

extension TrainingSample {
    /// `image` (this face or a mask of it) brought to a model's `faceType` at `resolution`
    /// pixels: warped from the face's landmarks with `warp` interpolation and `border` when the
    /// face types differ, else resized with `resize` interpolation when the size differs.
    public func converted(_ image: Image, toFaceType faceType: FaceType, resolution: Int, warp: Interpolation,
                          resize: Interpolation, border: BorderMode) -> Image {
        if self.faceType != faceType {
            let matrix = FaceAlignment.transform(landmarks: landmarks, size: resolution, faceType: faceType)
            return image.warpedAffine(matrix, width: resolution, height: resolution, interpolation: warp, border: border)
        }
        guard image.width != resolution || image.height != resolution else { return image }
        return image.resized(width: resolution, height: resolution, interpolation: resize)
    }
}
