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
