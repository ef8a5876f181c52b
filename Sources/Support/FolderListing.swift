import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The names in a folder, read as the bytes the file system stores (`readdir`), so that a name
/// that is not valid UTF-8 is found and named instead of being reported missing.
public enum FolderListing {
    /// What a folder holds: the names Masque can use, and those it cannot (not valid UTF-8),
    /// each shown with its bad bytes as `\xNN`.
    public struct Entries: Sendable, Equatable {
        public var names: [String]
        public var undecodable: [String]
    }

    /// The entries of `folder` (not `.` and `..`), unsorted. Throws when `folder` is missing,
    /// is a file, or cannot be read, with a message that says which and what to do.
    public static func entries(in folder: URL) throws(FileError) -> Entries {
        try PathKind.requireFolder(folder)
        guard let stream = opendir(folder.path) else {
            throw FileError.unreadable(path: folder.path, reason: String(cString: strerror(errno)))
        }
        defer { closedir(stream) }
        var result = Entries(names: [], undecodable: [])
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            if let name = String(validating: bytes, as: UTF8.self) {
                result.names.append(name)
            } else {
                result.undecodable.append(shown(bytes))
            }
        }
        return result
    }

    /// The extensions DFL treats as images (`core/pathex.py`, `image_extensions`): lower case,
    /// with the dot, compared with the lower-cased name.
    public static let imageExtensions = [".jpg", ".jpeg", ".png", ".tif", ".tiff"]

    /// DFL's image-folder listing (`pathex.get_image_paths`): the regular files directly in
    /// `folder` whose lower-cased name ends with one of `extensions`, in Python's order (by code
    /// point), without Masque's own temporaries. An image whose name is not valid UTF-8 is an
    /// error naming it (`.undecodableName`), never a silent skip.
    public static func images(in folder: URL, extensions: [String] = imageExtensions) throws(FileError) -> [URL] {
        let listing = try entries(in: folder)
        func isImage(_ name: String) -> Bool {
            let lower = name.lowercased()
            return extensions.contains { lower.hasSuffix($0) }
        }
        if let bad = listing.undecodable.filter(isImage).sorted().first {
            throw FileError.undecodableName(path: folder.appendingPathComponent(bad).path)
        }
        return listing.names
            .filter { isImage($0) && !$0.hasPrefix(TemporaryName.prefix) }
            .sorted(by: pythonOrder)
            .map { folder.appendingPathComponent($0) }
            .filter { PathKind.of($0) == .file }
    }

    /// Python's `str` ordering, which DFL's listings use: lexicographic by Unicode code point.
    public static func pythonOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars) { $0.value < $1.value }
    }

    /// The usable names in `folder`; empty when it cannot be read. For sweeps that may fail quietly.
    public static func names(in folder: URL) -> [String] {
        (try? entries(in: folder).names) ?? []
    }

    /// `bytes` as text, each byte that is not part of valid UTF-8 written `\xNN`.
    public static func shown(_ bytes: [UInt8]) -> String {
        var text = ""
        var index = 0
        while index < bytes.count {
            var matched = false
            for length in (1...min(4, bytes.count - index)).reversed() {
                if let piece = String(validating: bytes[index..<(index + length)], as: UTF8.self) {
                    text += piece
                    index += length
                    matched = true
                    break
                }
            }
            if !matched {
                text += String(format: "\\x%02X", bytes[index])
                index += 1
            }
        }
        return text
    }
}
