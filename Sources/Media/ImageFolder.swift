import Foundation
import Support

/// Frame images of a folder, listed by `FolderListing.images` (DFL's `pathex.get_image_paths`).
enum ImageFolder {
    /// `FolderListing.images(in:extensions:)`, its errors as media errors: `.missingInput` for
    /// a missing folder, `.notAFolder` for a file, `.undecodableName` for an image whose name is
    /// not valid UTF-8.
    static func images(in folder: URL, extensions: [String] = FolderListing.imageExtensions) throws -> [URL] {
        do throws(FileError) {
            return try FolderListing.images(in: folder, extensions: extensions)
        } catch {
            switch error {
            case .missingInput: throw MediaError.missingInput(path: folder.path)
            case .notAFolder: throw MediaError.notAFolder(path: folder.path)
            case .undecodableName(let path): throw MediaError.undecodableName(path: path)
            default: throw MediaError.fileOperationFailed(path: folder.path, reason: error.message)
            }
        }
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
