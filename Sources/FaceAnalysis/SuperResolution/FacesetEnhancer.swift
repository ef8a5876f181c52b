import FaceSet
import Foundation
import Imaging
import Support

/// DFL's `facesettool enhance` (`mainscripts/FacesetEnhancer.py`): every aligned face enlarged
/// ×4 by `SuperResolution`, brought back to its own size with Lanczos4 (DFL's `preserve_size`),
/// and written as a quality-100 JPEG into `<folder>_enhanced` with the face's metadata copied
/// unchanged (the size is the same, so landmarks, polygons and matrices still fit). The enhanced
/// faces can then replace the originals (DFL's "merge").
///
/// Nothing is half-written: every face is checked (readable, an aligned face with metadata, a
/// JPEG that decodes) before the first is enhanced, and each is written atomically. A second run
/// resumes: a face already in `<folder>_enhanced` with the same metadata and size is kept.
/// Unlike DFL, other images already in `<folder>_enhanced` are left alone.
public enum FacesetEnhancer {
    /// What an enhance did.
    public struct Report: Sendable {
        /// `<folder>_enhanced`.
        public var output: URL
        /// Faces enhanced by this run, by file name.
        public var enhanced: [String]
        /// Faces an earlier run had already enhanced, by file name.
        public var alreadyDone: [String]

        public init(output: URL, enhanced: [String] = [], alreadyDone: [String] = []) {
            self.output = output
            self.enhanced = enhanced
            self.alreadyDone = alreadyDone
        }

        /// Every face now in `output`, by file name, in folder order.
        public var faces: [String] { (enhanced + alreadyDone).sorted(by: FolderListing.pythonOrder) }
    }

    /// The folder DFL writes the enhanced faces to: `<folder>_enhanced` beside `folder`.
    public static func outputFolder(for folder: URL) -> URL {
        let folder = folder.standardizedFileURL
        return folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + "_enhanced", isDirectory: true)
    }

    /// Enhances every aligned face of `folder` into `<folder>_enhanced` with `network`;
    /// `progress(done, total)` counts faces. Every image in `folder` must be an aligned face
    /// (`.jpg` with DFL metadata); anything else, or a corrupt JPEG, is an error naming the file
    /// before anything is written. Throws `Interrupted` after Ctrl-C (faces written so far stay).
    public static func enhance(folder: URL, with network: SuperResolution,
                               progress: @escaping ProgressUpdate = { _, _ in }) throws -> Report {
        let inputLock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(inputLock) {} }
        let faces = try FacesetFolder.alignedFaceFiles(in: folder)
        _ = try ParallelMap.map(faces) { url throws(FacesetError) in try decodedFace(url) }
        let output = outputFolder(for: folder)
        if PathKind.of(output) == .file {
            throw FacesetError(file: output.path, reason: "exists and is a file, not a folder; move it away")
        }
        let outputLock: FolderLock
        do throws(FileError) {
            outputLock = try FolderLock.creating(output)
        } catch {
            throw FacesetError(file: output.path, reason: error.message.replacingOccurrences(of: output.path + " ", with: ""))
        }
        defer { withExtendedLifetime(outputLock) {} }
        var report = Report(output: output)
        try InterruptGuard.shared.guarding {
            for (index, url) in faces.enumerated() {
                guard !InterruptGuard.shared.isInterrupted else { return }
                let name = url.lastPathComponent
                let target = output.appendingPathComponent(name)
                let (original, pixels) = try decodedFace(url)
                if isDone(target, like: original, width: pixels.width, height: pixels.height) {
                    report.alreadyDone.append(name)
                } else {
                    try write(enhanced(pixels, with: network), metadata: original, to: target)
                    report.enhanced.append(name)
                }
                progress(index + 1, faces.count)
            }
        }
        return report
    }

    /// `image` enlarged by `network` and brought back to its own size (Lanczos4), as uint8.
    public static func enhanced(_ image: Image, with network: SuperResolution) throws -> Image {
        let large = try network.enhance(image)
        return large.resized(width: image.width, height: image.height, interpolation: .lanczos4).converted(to: .uint8)
    }

    /// Replaces the originals in `folder` by the faces `report` lists (each an atomic rename),
    /// then removes `<folder>_enhanced` if nothing else is left in it. Asks `consent` first, as DFL
    /// asks before its merge.
    public static func mergeBack(_ report: Report, into folder: URL, consent: ReplaceConsent) throws(FacesetError) {
        let names = report.faces
        do throws(FileError) {
            try consent.confirm(path: folder.path, loss: "would have \(names.count) faces replaced by their enhanced versions from \(report.output.path)")
        } catch {
            throw FacesetError(file: folder.path, reason: error.message.replacingOccurrences(of: folder.path + " ", with: ""))
        }
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        try FacesetFolder.replaceFiles(names, in: folder, from: report.output)
    }

    /// The face at `url` with its pixels (BGR); errors name the file and the fix.
    private static func decodedFace(_ url: URL) throws(FacesetError) -> (AlignedFaceImage, Image) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
        let file: AlignedFaceImage
        do throws(FacesetError) {
            file = try AlignedFaceImage(bytes: [UInt8](data), sourceName: url.path)
        } catch {
            throw FacesetError(file: error.file, reason: error.reason + "; re-extract it or move it out of the faceset")
        }
        guard file.hasMetadata else {
            throw FacesetError(file: url.path, reason: "has no DFL metadata; move it out of the faceset or restore its metadata (masque faceset metadata-restore)")
        }
        do throws(ImagingError) {
            return (file, try Image(encoded: data, mode: .color, source: url.path))
        } catch .corrupt {
            throw FacesetError(file: url.path, reason: "is a corrupt or truncated JPEG; re-extract it or move it out of the faceset")
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be decoded (\(error)); re-extract it or move it out of the faceset")
        }
    }

    /// Whether `target` is a complete enhanced version of `original` (written by an earlier run).
    private static func isDone(_ target: URL, like original: AlignedFaceImage, width: Int, height: Int) -> Bool {
        guard PathKind.of(target) == .file, let done = try? AlignedFaceImage(contentsOf: target),
              let size = done.jpeg.frameSize else { return false }
        return done.metadata == original.metadata && size.width == width && size.height == height
    }

    /// Writes `image` as a quality-100 JPEG carrying `original`'s metadata unchanged, atomically.
    private static func write(_ image: Image, metadata original: AlignedFaceImage, to target: URL) throws(FacesetError) {
        let bytes: Data
        do {
            bytes = try image.encoded(as: .jpeg(quality: 100))
        } catch {
            throw FacesetError(file: target.path, reason: "cannot be encoded as JPEG (\(error))")
        }
        let file = AlignedFaceImage(jpeg: try JPEGFile(bytes: [UInt8](bytes), sourceName: target.path), metadata: original.metadata,
                                    sourceName: target.path)
        try file.write(to: target)
    }
}
