import Foundation
import Workspace

/// Lists frame images in a folder the way DFL's `pathex.get_image_paths` does.
enum ImageFolder {
    /// Extensions DFL treats as images by default (lower case, with the dot).
    static let dflImageExtensions = [".jpg", ".jpeg", ".png", ".tif", ".tiff"]

    /// Regular files directly in `folder` whose lower-cased name ends with one of `extensions`,
    /// sorted by path in code-point order (as Python sorts), without Masque's own temporaries.
    /// Throws `.missingInput` for a missing folder, `.notAFolder` for a file, and
    /// `.undecodableName` for an image whose name is not valid UTF-8 (never a silent skip).
    static func images(in folder: URL, extensions: [String]) throws -> [URL] {
        let listing: FolderListing.Entries
        do throws(WorkspaceError) {
            listing = try FolderListing.entries(in: folder)
        } catch {
            switch error {
            case .missingInput: throw MediaError.missingInput(path: folder.path)
            case .notAFolder: throw MediaError.notAFolder(path: folder.path)
            default: throw MediaError.fileOperationFailed(path: folder.path, reason: error.message)
            }
        }
        func isImage(_ name: String) -> Bool {
            let lower = name.lowercased()
            return extensions.contains { lower.hasSuffix($0) }
        }
        if let bad = listing.undecodable.filter(isImage).sorted().first {
            throw MediaError.undecodableName(path: folder.appendingPathComponent(bad).path)
        }
        return listing.names
            .filter { isImage($0) && !$0.hasPrefix(TemporaryName.prefix) }
            .map { folder.appendingPathComponent($0) }
            .filter { PathKind.of($0) == .file }
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
