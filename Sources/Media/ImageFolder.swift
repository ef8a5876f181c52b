import Foundation

/// Lists frame images in a folder the way DFL's `pathex.get_image_paths` does.
enum ImageFolder {
    /// Extensions DFL treats as images by default (lower case, with the dot).
    static let dflImageExtensions = [".jpg", ".jpeg", ".png", ".tif", ".tiff"]

    /// Regular files directly in `folder` whose lower-cased name ends with one of `extensions`,
    /// sorted by path in code-point order (as Python sorts). Throws `.missingInput` for a
    /// missing folder.
    static func images(in folder: URL, extensions: [String]) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MediaError.missingInput(path: folder.path)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw MediaError.fileOperationFailed(path: folder.path, reason: error.localizedDescription)
        }
        return names
            .filter { name in
                let lower = name.lowercased()
                return extensions.contains { lower.hasSuffix($0) }
            }
            .map { folder.appendingPathComponent($0) }
            .filter { url in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && !isFolder.boolValue
            }
            .sorted { $0.path.unicodeScalars.lexicographicallyPrecedes($1.path.unicodeScalars) }
    }

    /// The file's extension with its dot, as Python's `Path.suffix` gives it (`a.PNG` → `.PNG`).
    static func suffix(of url: URL) -> String {
        let name = url.lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex else {
            return ""
        }
        return String(name[dot...])
    }
}
