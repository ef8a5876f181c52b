import Foundation

/// The images DFL's tools see in a folder (`pathex.get_image_paths`): regular files directly
/// in it whose lower-cased name ends in .jpg, .jpeg, .png, .tif or .tiff, sorted by path in
/// code-point order as Python sorts strings.
public enum ImageFolder {
    /// The extensions DFL lists, lower case with the dot.
    public static let imageExtensions = [".jpg", ".jpeg", ".png", ".tif", ".tiff"]

    /// The image files directly in `folder`, sorted.
    public static func imageFiles(in folder: URL) throws(SortError) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
              isDirectory.boolValue else { throw .notAFolder(path: folder.path) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .notAFolder(path: folder.path)
        }
        return names.filter { name in
            let lower = name.lowercased()
            guard imageExtensions.contains(where: { lower.hasSuffix($0) }) else { return false }
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
        }
        .sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        .map { folder.appendingPathComponent($0) }
    }
}
