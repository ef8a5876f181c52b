import Crypto
import Foundation
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SHA-256 that names a model's weights in a label: one digest over a set of named files,
/// the same whatever order they are given in.
///
/// The files are sorted by name (by Unicode code point, which is UTF-8 byte order) and each
/// feeds the hash with its name in UTF-8, a zero byte, its size as 8 bytes big-endian and its
/// contents. In Python:
///
///     h = hashlib.sha256()
///     for name, path in sorted(files):
///         data = open(path, "rb").read()
///         h.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
public enum WeightsDigest {
    /// The digest of `files`, each named by its last path component (e.g. DFL's
    /// `new_SAEHD_encoder.npy`, `new_SAEHD_decoder.npy`, `new_SAEHD_inter.npy`). Lowercase hex.
    public static func sha256(ofFiles files: [URL]) throws -> String {
        try sha256(named: files.map { (name: $0.lastPathComponent, file: $0) })
    }

    /// The digest of every regular file below `folder` (e.g. a Masque checkpoint folder), each
    /// named by its path relative to `folder` with `/` between components; entries whose name
    /// starts with a dot (Masque's temporaries, `.previous` saves) are left out. Lowercase hex.
    public static func sha256(ofFolder folder: URL) throws -> String {
        try PathKind.requireFolder(folder)
        var named: [(name: String, file: URL)] = []
        func collect(_ directory: URL, prefix: String) throws {
            let listing = try FolderListing.entries(in: directory)
            if let bad = listing.undecodable.first {
                throw FileError.undecodableName(path: directory.appendingPathComponent(bad).path)
            }
            for name in listing.names where !name.hasPrefix(".") {
                let url = directory.appendingPathComponent(name)
                switch PathKind.of(url) {
                case .file: named.append((name: prefix + name, file: url))
                case .folder: try collect(url, prefix: prefix + name + "/")
                case .missing: continue
                }
            }
        }
        try collect(folder, prefix: "")
        return try sha256(named: named)
    }

    private static func sha256(named files: [(name: String, file: URL)]) throws -> String {
        let sorted = files.sorted { FolderListing.pythonOrder($0.name, $1.name) }
        for (first, second) in zip(sorted, sorted.dropFirst()) where first.name == second.name {
            throw ProvenanceError.duplicateWeightFileName(name: first.name)
        }
        var hasher = SHA256()
        for (name, file) in sorted {
            try PathKind.requireFile(file)
            guard let handle = FileHandle(forReadingAtPath: file.path) else {
                throw FileError.unreadable(path: file.path, reason: String(cString: strerror(errno)))
            }
            defer { try? handle.close() }
            let size: UInt64
            do {
                size = try handle.seekToEnd()
                try handle.seek(toOffset: 0)
            } catch {
                throw FileError.unreadable(path: file.path, reason: FileError.reason(error))
            }
            hasher.update(data: Data(name.utf8) + [0])
            hasher.update(data: Data((0..<8).map { UInt8((size >> (56 - 8 * $0)) & 0xFF) }))
            var read: UInt64 = 0
            do {
                while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
                    hasher.update(data: chunk)
                    read += UInt64(chunk.count)
                }
            } catch {
                throw FileError.unreadable(path: file.path, reason: FileError.reason(error))
            }
            guard read == size else {
                throw FileError.unreadable(path: file.path, reason: "it changed size while it was read")
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
