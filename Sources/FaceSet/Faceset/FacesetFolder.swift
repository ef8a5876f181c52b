import Foundation
import Workspace

/// How DFL lists a faceset folder (`core/pathex.py`): image files by extension, and subfolders,
/// each sorted the way Python sorts strings (by code point).
public enum FacesetFolder {
    /// The extensions `get_image_paths` accepts, compared in lower case.
    public static let imageExtensions = [".jpg", ".jpeg", ".png", ".tif", ".tiff"]

    /// The image files directly in `folder`, in Python's sort order.
    public static func imageFiles(in folder: URL) throws(FaceSetError) -> [URL] {
        try entries(of: folder)
            .filter { !$0.isDirectory && imageExtensions.contains(where: $0.name.lowercased().hasSuffix) }
            .map { folder.appendingPathComponent($0.name) }
    }

    /// The names of the subfolders of `folder`, in Python's sort order.
    static func subfolderNames(in folder: URL) throws(FaceSetError) -> [String] {
        try entries(of: folder).filter(\.isDirectory).map(\.name)
    }

    /// Locks `folder` against a second masque process while a command writes it (and removes
    /// what a killed run left there); the error names the folder and what to do.
    public static func lock(_ folder: URL) throws(FaceSetError) -> FolderLock {
        do throws(WorkspaceError) {
            return try FolderLock(folder)
        } catch {
            throw FaceSetError(file: folder.path, reason: error.message.replacingOccurrences(of: folder.path + " ", with: ""))
        }
    }

    /// Asks `consent` before replacing `url`, as a faceset error naming it.
    static func confirm(_ consent: ReplaceConsent, _ url: URL, _ loss: String) throws(FaceSetError) {
        do throws(WorkspaceError) {
            try consent.confirm(path: url.path, loss: loss)
        } catch {
            throw FaceSetError(file: url.path, reason: error.message.replacingOccurrences(of: url.path + " ", with: ""))
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

    /// Python's `str` ordering: lexicographic by Unicode code point.
    static func pythonOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars) { $0.value < $1.value }
    }

    /// The entries of `folder` in Python's order, without Masque's own temporaries. A name that
    /// is not valid UTF-8 is an error naming it, never a silent skip.
    private static func entries(of folder: URL) throws(FaceSetError) -> [(name: String, isDirectory: Bool)] {
        let listing: FolderListing.Entries
        do throws(WorkspaceError) {
            listing = try FolderListing.entries(in: folder)
        } catch {
            throw FaceSetError(file: folder.path, reason: error.message.replacingOccurrences(of: folder.path + " ", with: ""))
        }
        if let bad = listing.undecodable.sorted().first {
            throw FaceSetError(file: folder.appendingPathComponent(bad).path,
                               reason: "has a name that is not valid UTF-8; rename it (e.g. convmv -f latin1 -t utf8 --notest)")
        }
        return listing.names.filter { !$0.hasPrefix(TemporaryName.prefix) }.sorted(by: pythonOrder).map { name in
            (name, PathKind.of(folder.appendingPathComponent(name)) == .folder)
        }
    }
}
