import Foundation
import Support

/// DFL's `xseg fetch` (`mainscripts/XSegUtil.py fetch_xseg`): the faces of a folder that carry
/// XSeg label polygons copied, byte for byte, into `<folder>_xseg` beside it, to train XSeg on or
/// to keep the labels safe; optionally the originals deleted afterwards (DFL asks, "yes" by
/// default; Masque only with `deleteOriginals`).
///
/// Resumable: a face already in `<folder>_xseg` with the same bytes is not copied again. A file
/// there of the same name but other bytes (edited since) is replaced only with `consent`.
/// Originals are deleted only after every copy is written and flushed.
public enum XSegFetch {
    /// What a fetch did.
    public struct Report: Sendable, Equatable {
        /// `<folder>_xseg`.
        public var output: URL
        /// File names of the labelled faces copied now.
        public var copied: [String]
        /// File names of the labelled faces whose copy was already there.
        public var alreadyCopied: [String]
        /// How many originals were deleted.
        public var deleted: Int
        /// Images that are not aligned faces.
        public var skipped: [String]
    }

    /// The folder DFL copies labelled faces to: `<folder>_xseg` beside `folder`.
    public static func outputFolder(for folder: URL) -> URL {
        let folder = folder.standardizedFileURL
        return folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + "_xseg", isDirectory: true)
    }

    /// Copies the labelled faces of `folder` into `<folder>_xseg`; `progress(done, total)` counts
    /// labelled faces.
    public static func run(folder: URL, deleteOriginals: Bool = false, consent: ReplaceConsent = ReplaceConsent(force: false),
                           progress: @escaping ProgressUpdate = { _, _ in }) throws -> Report {
        let inputLock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(inputLock) {} }
        let (faces, skipped) = try AlignedFolderEdit.faces(in: folder)
        let labelled = faces.filter { !$0.face.xsegPolygons.isEmpty }
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
        var copied: [String] = [], already: [String] = [], differing: [String] = []
        for face in labelled {
            let target = output.appendingPathComponent(face.url.lastPathComponent)
            switch (try? Data(contentsOf: target)).map({ [UInt8]($0) == face.bytes }) {
            case true?: already.append(target.lastPathComponent)
            case false?: differing.append(target.lastPathComponent)
            case nil: break
            }
        }
        if !differing.isEmpty {
            try FacesetFolder.confirm(consent, output, "holds \(differing.count) faces (the first \(differing[0])) that differ from the labelled faces of the same name and would be replaced")
        }
        for (done, face) in labelled.enumerated() {
            try InterruptGuard.shared.throwIfInterrupted()
            let name = face.url.lastPathComponent
            if !already.contains(name) {
                let target = output.appendingPathComponent(name)
                do {
                    try AtomicFile.write(Data(face.bytes), to: target)
                } catch {
                    throw FacesetError(file: target.path, reason: "cannot be written (\(FileError.reason(error))); check free space and permissions")
                }
                copied.append(name)
            }
            progress(done + 1, labelled.count)
        }
        var deleted = 0
        if deleteOriginals {
            for face in labelled {
                do {
                    try FileManager.default.removeItem(at: face.url)
                } catch {
                    throw FacesetError(file: face.url.path, reason: "cannot be deleted (\(FileError.reason(error))); its copy is in \(output.path)")
                }
                deleted += 1
            }
        }
        return Report(output: output, copied: copied, alreadyCopied: already, deleted: deleted, skipped: skipped)
    }
}
