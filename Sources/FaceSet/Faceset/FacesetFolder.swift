import Foundation

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

    private static func entries(of folder: URL) throws(FaceSetError) -> [(name: String, isDirectory: Bool)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw FaceSetError(file: folder.path, reason: "cannot list the folder (\(error.localizedDescription))")
        }
        return names.sorted(by: pythonOrder).map { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return (name, exists && isDirectory.boolValue)
        }
    }
}
