import Foundation

/// What a path is on disk, and the checks that say plainly when a file was given where a
/// folder is expected (or the reverse) instead of "does not exist".
public enum PathKind: Sendable, Equatable {
    case missing, file, folder

    /// What `url` is (symbolic links followed).
    public static func of(_ url: URL) -> PathKind {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return .missing }
        return isFolder.boolValue ? .folder : .file
    }

    /// Throws unless `url` is an existing folder.
    public static func requireFolder(_ url: URL) throws(FileError) {
        switch of(url) {
        case .folder: return
        case .file: throw FileError.notAFolder(path: url.path)
        case .missing: throw FileError.missingInput(path: url.path)
        }
    }

    /// Throws unless `url` is an existing file.
    public static func requireFile(_ url: URL) throws(FileError) {
        switch of(url) {
        case .file: return
        case .folder: throw FileError.notAFile(path: url.path)
        case .missing: throw FileError.missingInput(path: url.path)
        }
    }
}
