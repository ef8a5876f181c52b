import Foundation
import Support

/// A whole file read for labelling or checking, with one-line errors.
enum FileBytes {
    /// The bytes of `url`: `.missingInput`, `.notAFile` or `.unreadable` when it cannot be read.
    static func read(_ url: URL) throws(FileError) -> Data {
        try PathKind.requireFile(url)
        do {
            return try Data(contentsOf: url)
        } catch {
            throw FileError.unreadable(path: url.path, reason: FileError.reason(error))
        }
    }

    /// The first `count` bytes of `url` (fewer when it is shorter).
    static func prefix(_ url: URL, count: Int) throws(FileError) -> Data {
        try PathKind.requireFile(url)
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw FileError.unreadable(path: url.path, reason: "it cannot be opened")
        }
        defer { try? handle.close() }
        do {
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw FileError.unreadable(path: url.path, reason: FileError.reason(error))
        }
    }
}
