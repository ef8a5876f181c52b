import Foundation
import Support

/// The one way an XSeg command rewrites the metadata of the faces in a folder (DFL's
/// `mainscripts/XSegUtil.py` loops: load each `DFLIMG`, change one key, `save`).
///
/// Every image of the folder is read; those that are not aligned faces (not `.jpg`, or without
/// DFL metadata) are skipped and counted, as DFL logs "is not a DFLIMG" and goes on. Each face
/// whose metadata the edit changes is written atomically with every other key as it was (the
/// JPEG's pixels untouched); a face the edit leaves alone is not written at all, so a rerun
/// after an interruption redoes nothing that was finished. The folder is locked against a
/// second masque process; Ctrl-C stops after the faces being written, and the command can be
/// run again.
public enum AlignedFolderEdit {
    /// What an edit did to a folder.
    public struct Report: Sendable, Equatable {
        /// File names of the faces rewritten, in the folder's order.
        public var changed: [String] = []
        /// File names of the faces the edit left as they were.
        public var unchanged: [String] = []
        /// File names of the images that are not aligned faces, in the folder's order.
        public var skipped: [String] = []

        public init() {}
    }

    /// One aligned face as read from its file.
    public struct Face: Sendable {
        /// The file.
        public var url: URL
        /// The file's bytes.
        public var bytes: [UInt8]
        /// Its typed metadata.
        public var face: AlignedFace
        /// The image's size in pixels (from the JPEG's frame header).
        public var width: Int
        public var height: Int
    }

    /// Runs `edit` on every aligned face of `folder` on `workers` threads and writes the faces for
    /// which it returns new metadata; `progress(done, total)` counts images. Throws the first
    /// face's error (by folder order) when `edit` or a write fails, after the other faces of the
    /// batch; faces written before stay written. Throws `Interrupted` after Ctrl-C. A folder with
    /// a `faceset.pak` or with no aligned face at all is an error naming it.
    public static func run(folder: URL, workers: Int = ParallelMap.allCores, progress: @escaping ProgressUpdate = { _, _ in },
                           edit: @Sendable (Face) throws -> AlignedFace?) throws -> Report {
        try run(folder: folder, batchSize: 256, workers: workers, progress: progress) { faces in
            try ParallelMap.map(faces, workers: max(1, workers)) { try edit($0) }
        }
    }

    /// `run` for edits that work on several faces at once (a network's batch): the images are
    /// read `batchSize` at a time, `edit` gets the aligned faces among them and returns the new
    /// metadata of each (nil: unchanged), and the changed faces are written before the next batch.
    public static func run(folder: URL, batchSize: Int, workers: Int = ParallelMap.allCores,
                           progress: @escaping ProgressUpdate = { _, _ in },
                           edit: ([Face]) throws -> [AlignedFace?]) throws -> Report {
        precondition(batchSize > 0, "AlignedFolderEdit: batchSize must be positive")
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let images = try imageFiles(in: folder)
        var report = Report()
        try InterruptGuard.shared.guarding {
            for start in stride(from: 0, to: images.count, by: batchSize) {
                guard !InterruptGuard.shared.isInterrupted else { return }
                let batch = Array(images[start..<min(start + batchSize, images.count)])
                let found = ParallelMap.map(batch, workers: max(1, workers)) { read($0) }
                let faces = found.compactMap { $0 }
                let edited = try edit(faces)
                precondition(edited.count == faces.count, "AlignedFolderEdit: the edit returned \(edited.count) faces for \(faces.count)")
                let writes = Array(zip(faces, edited))
                let written = try ParallelMap.map(writes, workers: max(1, workers)) { face, new -> Bool in
                    guard let new else { return false }
                    var file = try AlignedFaceImage(bytes: face.bytes, sourceName: face.url.path)
                    file.setFace(new)
                    try file.write(to: face.url)
                    return true
                }
                for (face, changed) in zip(faces, written) {
                    if changed { report.changed.append(face.url.lastPathComponent) } else { report.unchanged.append(face.url.lastPathComponent) }
                }
                report.skipped += zip(batch, found).filter { $0.1 == nil }.map(\.0.lastPathComponent)
                progress(start + batch.count, images.count)
            }
        }
        if report.changed.isEmpty, report.unchanged.isEmpty { try noFaces(in: folder, skipped: report.skipped) }
        return report
    }

    /// The aligned faces of `folder` as `read` finds them, with the names of the images skipped;
    /// for commands that read a folder without rewriting it. Errors as `run`'s.
    public static func faces(in folder: URL) throws -> (faces: [Face], skipped: [String]) {
        let images = try imageFiles(in: folder)
        let found = ParallelMap.map(images) { read($0) }
        let faces = found.compactMap { $0 }
        let skipped = zip(images, found).filter { $0.1 == nil }.map(\.0.lastPathComponent)
        if faces.isEmpty { try noFaces(in: folder, skipped: skipped) }
        return (faces, skipped)
    }

    /// The face in `url`, nil when it is not an aligned face DFL loads (`DFLIMG.load` gives None
    /// for other suffixes and for files it cannot parse; `has_data` is false without metadata).
    public static func read(_ url: URL) -> Face? {
        guard FacesetFolder.isAlignedFaceName(url.lastPathComponent),
              let data = try? Data(contentsOf: url) else { return nil }
        let bytes = [UInt8](data)
        guard let file = try? AlignedFaceImage(bytes: bytes, sourceName: url.path), file.hasMetadata,
              let face = try? file.face(), let size = file.jpeg.frameSize else { return nil }
        return Face(url: url, bytes: bytes, face: face, width: size.width, height: size.height)
    }

    /// The images of `folder`; refuses a packed faceset.
    private static func imageFiles(in folder: URL) throws(FacesetError) -> [URL] {
        if PathKind.of(folder.appendingPathComponent(FacesetPack.fileName)) == .file {
            throw FacesetError(file: folder.path, reason: "holds a packed faceset; unpack it first (masque faceset unpack)")
        }
        return try FacesetFolder.imageFiles(in: folder)
    }

    /// The error of a folder that held no aligned face at all.
    private static func noFaces(in folder: URL, skipped: [String]) throws(FacesetError) {
        let why = skipped.isEmpty ? "holds no aligned faces"
            : "holds no aligned faces (\(skipped.count) images without DFL metadata, the first \(skipped[0]))"
        throw FacesetError(file: folder.path, reason: "\(why); give a folder of aligned faces, e.g. workspace/data_src/aligned")
    }
}
