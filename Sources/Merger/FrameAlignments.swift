import FaceGeometry
import FaceSet
import Foundation
import Support

/// The faces of every frame, as DFL's merger collects them (`mainscripts/Merger.py`, reference
/// §8.1): each aligned face of the folder (or its `faceset.pak`) with DFL metadata names its
/// source frame; the frame's faces are its faces' `source_landmarks`, in the faces' order.
public struct FrameAlignments: Sendable {
    /// Landmarks (68 points, frame pixels) of each frame's faces, by the frame's file stem.
    public var faces: [String: [[SIMD2<Float>]]]
    /// Aligned images skipped: no DFL metadata, no source frame, or not 68 source landmarks.
    public var skipped: [String]

    public init(faces: [String: [[SIMD2<Float>]]], skipped: [String] = []) {
        self.faces = faces
        self.skipped = skipped
    }

    /// Whether some frame has more than one face (DFL then leaves motion blur out).
    public var hasFramesWithSeveralFaces: Bool { faces.values.contains { $0.count > 1 } }

    /// Reads the aligned faces of `folder` (DFL's `data_dst/aligned`).
    public static func read(alignedFolder folder: URL) throws -> FrameAlignments {
        guard PathKind.of(folder) == .folder else {
            throw MergerError("\(folder.path) is not a folder of aligned faces: extract the frames' faces first (masque extract-faces dst), or give --aligned-dir")
        }
        let pack = folder.appendingPathComponent(FacesetPack.fileName)
        let sources: [(name: String, bytes: @Sendable () throws -> [UInt8])]
        if PathKind.of(pack) == .file {
            let data = try Data(contentsOf: pack, options: .alwaysMapped)
            sources = try FacesetPack.read(folder: folder).map { sample in
                let range = sample.byteRange
                return ("\(pack.path):\(sample.filename)", { [UInt8](data[range]) })
            }
        } else {
            sources = try FacesetFolder.imageFiles(in: folder).map { url in (url.path, { [UInt8](try Data(contentsOf: url)) }) }
        }
        let read = ParallelMap.map(sources.count) { index -> (stem: String, landmarks: [SIMD2<Float>])? in
            guard let file = try? AlignedFaceImage(bytes: sources[index].bytes(), sourceName: sources[index].name),
                  let face = try? file.face(), let source = face.sourceFilename,
                  let landmarks = face.sourceLandmarks, landmarks.count == 68 else { return nil }
            return (URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent, landmarks)
        }
        var alignments = FrameAlignments(faces: [:])
        for (index, entry) in read.enumerated() {
            if let entry {
                alignments.faces[entry.stem, default: []].append(entry.landmarks)
            } else {
                alignments.skipped.append(sources[index].name)
            }
        }
        return alignments
    }

    /// DFL's motion of each frame's face (reference §8.1): the centre of the full-face crop of
    /// the previous and next frame's first face, and the distance and direction between them;
    /// `.none` for a frame whose own, previous or next frame has no face, and for every frame
    /// when some frame has several faces.
    public func motions(frameStems stems: [String]) -> [FaceMotion] {
        guard !hasFramesWithSeveralFaces else { return stems.map { _ in .none } }
        func centre(_ index: Int) -> SIMD2<Double>? {
            guard let landmarks = faces[stems[index]]?.first else { return nil }
            let matrix = FaceAlignment.transform(landmarks: landmarks, size: 256, faceType: .full).inverted()
            return matrix.apply(to: SIMD2<Double>(127, 127))
        }
        return stems.indices.map { index in
            let previous = max(0, index - 1), next = min(index + 1, stems.count - 1)
            guard faces[stems[index]]?.first != nil, let from = centre(previous), let to = centre(next) else { return .none }
            let vector = to - from
            let power = (vector.x * vector.x + vector.y * vector.y).squareRoot()
            return FaceMotion(power: power, degrees: power == 0 ? 0 : -atan2(vector.y, vector.x) * 180 / Double.pi)
        }
    }
}
