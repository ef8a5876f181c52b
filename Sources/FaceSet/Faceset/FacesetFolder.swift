import Foundation
import Support

/// How DFL lists a faceset folder (`core/pathex.py`): image files by extension, and subfolders,
/// each sorted the way Python sorts strings (by code point).
public enum FacesetFolder {
    /// The image files directly in `folder`, in Python's sort order (`FolderListing.images`).
    public static func imageFiles(in folder: URL) throws(FacesetError) -> [URL] {
        do throws(FileError) {
            return try FolderListing.images(in: folder)
        } catch {
            throw faceSetError(error, folder: folder)
        }
    }

    /// A listing error as a faceset error naming the file.
    private static func faceSetError(_ error: FileError, folder: URL) -> FacesetError {
        if case .undecodableName(let path) = error {
            return FacesetError(file: path, reason: "has a name that is not valid UTF-8; rename it (e.g. convmv -f latin1 -t utf8 --notest)")
        }
        return FacesetError(file: folder.path, reason: error.message.replacingOccurrences(of: folder.path + " ", with: ""))
    }

    /// The names of the subfolders of `folder`, in Python's sort order.
    static func subfolderNames(in folder: URL) throws(FacesetError) -> [String] {
        try entries(of: folder).filter(\.isDirectory).map(\.name)
    }

    /// The image files of `folder` when every one is an aligned face (`.jpg`); refuses a packed
    /// faceset, any other image and an empty folder, each with the fix.
    public static func alignedFaceFiles(in folder: URL) throws(FacesetError) -> [URL] {
        if PathKind.of(folder.appendingPathComponent(FacesetPack.fileName)) == .file {
            throw FacesetError(file: folder.path, reason: "holds a packed faceset; unpack it first (masque faceset unpack)")
        }
        let images = try imageFiles(in: folder)
        if let other = images.first(where: { !isAlignedFaceName($0.lastPathComponent) }) {
            throw FacesetError(file: other.path, reason: "is not an aligned face (.jpg); move it out of the faceset")
        }
        guard !images.isEmpty else {
            throw FacesetError(file: folder.path, reason: "holds no aligned faces (.jpg files with DFL metadata)")
        }
        return images
    }

    /// Moves the files `names` from `staging` over the same names in `folder` (each an atomic
    /// rename), then removes `staging` if nothing else is left in it: how a tool's
    /// `<folder>_resized` or `<folder>_enhanced` output replaces the originals.
    public static func replaceFiles(_ names: [String], in folder: URL, from staging: URL) throws(FacesetError) {
        for name in names {
            let source = staging.appendingPathComponent(name)
            let target = folder.appendingPathComponent(name)
            do throws(FileError) {
                try AtomicFile.move(source, over: target, syncingFolder: false)
            } catch {
                throw FacesetError(file: target.path, reason: "cannot be replaced by \(source.path) (\(FileError.reason(error)))")
            }
        }
        AtomicFile.syncFolder(folder)
        if (try? FileManager.default.contentsOfDirectory(atPath: staging.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: staging)
        }
    }

    /// Locks `folder` against a second masque process while a command writes it (and removes
    /// what a killed run left there); the error names the folder and what to do.
    public static func lock(_ folder: URL) throws(FacesetError) -> FolderLock {
        do throws(FileError) {
            return try FolderLock(folder)
        } catch {
            throw FacesetError(file: folder.path, reason: error.message.replacingOccurrences(of: folder.path + " ", with: ""))
        }
    }

    /// Asks `consent` before replacing `url`, as a faceset error naming it.
    static func confirm(_ consent: ReplaceConsent, _ url: URL, _ loss: String) throws(FacesetError) {
        do throws(FileError) {
            try consent.confirm(path: url.path, loss: loss)
        } catch {
            throw FacesetError(file: url.path, reason: error.message.replacingOccurrences(of: url.path + " ", with: ""))
        }
    }

    /// Whether `name` is an aligned face file DFL loads (`DFLIMG.load` compares the suffix
    /// case-sensitively with `.jpg`).
    public static func isAlignedFaceName(_ name: String) -> Bool {
        name.hasSuffix(".jpg") && name.count > 4
    }

    /// Whether `name` is a single, harmless path component (no separators, not `.` or `..`).
    static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !name.contains("\0")
    }

    /// The entries of `folder` in Python's order, without Masque's own temporaries. A name that
    /// is not valid UTF-8 is an error naming it, never a silent skip.
    private static func entries(of folder: URL) throws(FacesetError) -> [(name: String, isDirectory: Bool)] {
        let listing: FolderListing.Entries
        do throws(FileError) {
            listing = try FolderListing.entries(in: folder)
        } catch {
            throw faceSetError(error, folder: folder)
        }
        if let bad = listing.undecodable.sorted().first {
            throw FacesetError(file: folder.appendingPathComponent(bad).path,
                               reason: "has a name that is not valid UTF-8; rename it (e.g. convmv -f latin1 -t utf8 --notest)")
        }
        return listing.names.filter { !$0.hasPrefix(TemporaryName.prefix) }.sorted(by: FolderListing.pythonOrder).map { name in
            (name, PathKind.of(folder.appendingPathComponent(name)) == .folder)
        }
    }
}
