import Foundation
import Support

/// `masque xseg labels export|import`: the XSeg label polygons (`seg_ie_polys`, reference §1.3)
/// of a folder of aligned faces to and from one `XSegLabelFile`.
///
/// Export lists every aligned face of the folder, labelled or not (`polygons` empty), with its
/// size. Import replaces the polygons of every face the file names (an empty list removes them)
/// and leaves the other faces alone; the whole file is checked against the folder before any face
/// is written, each face is written atomically with its other keys as they were, and faces whose
/// polygons already equal the file's are not rewritten (a rerun redoes nothing). Points go through
/// unchanged, float32 in the aligned image's pixels, so export → import → export gives the same file.
public enum XSegLabels {
    /// The labels of the faces of `folder`, with the images skipped (not aligned faces).
    public static func export(folder: URL) throws -> (labels: XSegLabelFile, skipped: [String]) {
        let (faces, skipped) = try AlignedFolderEdit.faces(in: folder)
        var entries: [String: XSegLabelFile.Face] = [:]
        for face in faces {
            entries[face.url.lastPathComponent] = XSegLabelFile.Face(width: face.width, height: face.height,
                                                                     polygons: XSegLabelFile.polygons(face.face.xsegPolygons))
        }
        return (XSegLabelFile(faces: entries), skipped)
    }

    /// Writes the labels of `folder` to `file` (atomically). Returns the export.
    @discardableResult
    public static func export(folder: URL, to file: URL) throws -> (labels: XSegLabelFile, skipped: [String]) {
        let result = try export(folder: folder)
        do {
            try AtomicFile.write(try result.labels.encoded(), to: file)
        } catch {
            throw FacesetError(file: file.path, reason: "cannot be written (\(FileError.reason(error))); check the folder's permissions and free space")
        }
        return result
    }

    /// Writes the polygons of the labels file `file` into the faces of `folder`.
    public static func importLabels(from file: URL, into folder: URL,
                                    progress: @escaping ProgressUpdate = { _, _ in }) throws -> AlignedFolderEdit.Report {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw FacesetError(file: file.path, reason: "cannot be read (\(FileError.reason(error))); give the JSON file masque xseg labels export wrote")
        }
        let labels = try XSegLabelFile.decode(data, source: file.path)
        let faces = try AlignedFolderEdit.faces(in: folder).faces
        let polygons = try checked(labels, against: faces, folder: folder, source: file.path)
        return try AlignedFolderEdit.run(folder: folder, progress: progress) { face in
            guard let new = polygons[face.url.lastPathComponent] else { return nil }
            guard new != face.face.xsegPolygons else { return nil }
            var edited = face.face
            edited.xsegPolygons = new
            return edited
        }
    }

    /// The polygons of each face `labels` names, in DFL's order; throws naming the labels file,
    /// the face and the polygon when a face is not in `folder`, its size differs, a type is
    /// unknown, a point is not two finite numbers, or a polygon lies wholly outside the image.
    static func checked(_ labels: XSegLabelFile, against faces: [AlignedFolderEdit.Face], folder: URL,
                        source: String) throws(FacesetError) -> [String: [XSegPolygon]] {
        let sizes = Dictionary(faces.map { ($0.url.lastPathComponent, ($0.width, $0.height)) }, uniquingKeysWith: { first, _ in first })
        var result: [String: [XSegPolygon]] = [:]
        for name in labels.faces.keys.sorted(by: FolderListing.pythonOrder) {
            let entry = labels.faces[name]!
            guard let (width, height) = sizes[name] else {
                throw FacesetError(file: source, reason: "names '\(name)', which is not an aligned face in \(folder.path); remove it from the file or put the face back")
            }
            if let w = entry.width, let h = entry.height, (w, h) != (width, height) {
                throw FacesetError(file: source, reason: "labels '\(name)' as \(w)x\(h) pixels, but the face is \(width)x\(height) (resized since?); label it again at its size")
            }
            var polygons: [XSegPolygon] = []
            for (index, polygon) in entry.polygons.enumerated() {
                let at = "polygon \(index) of '\(name)'"
                let kind: XSegPolygon.Kind
                switch polygon.type.lowercased() {
                case "include": kind = .include
                case "exclude": kind = .exclude
                default: throw FacesetError(file: source, reason: "\(at) has type '\(polygon.type)'; use include or exclude")
                }
                var points: [SIMD2<Float>] = []
                for point in polygon.points {
                    let x = point.count == 2 ? Float(point[0]) : .nan, y = point.count == 2 ? Float(point[1]) : .nan
                    guard x.isFinite, y.isFinite else {
                        throw FacesetError(file: source, reason: "\(at) has the point \(point), not two finite numbers [x, y]")
                    }
                    points.append(SIMD2(x, y))
                }
                if !points.isEmpty {
                    let low = points.reduce(points[0]) { pointwiseMin($0, $1) }, high = points.reduce(points[0]) { pointwiseMax($0, $1) }
                    guard high.x >= 0, high.y >= 0, low.x <= Float(width), low.y <= Float(height) else {
                        throw FacesetError(file: source, reason: "\(at) lies outside the \(width)x\(height) image (points are aligned-image pixels); fix or remove it")
                    }
                }
                polygons.append(XSegPolygon(kind: kind, points: points))
            }
            result[name] = XSegPolygon.includeFirst(polygons)
        }
        return result
    }
}
