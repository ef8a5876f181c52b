import Foundation

/// Checks that a JPEG or PNG file is whole: it starts with its format's signature and ends
/// with its end marker (JPEG `FF D9`, PNG `IEND` chunk), ignoring zero bytes padded after it.
/// A file cut short by a crash or a full disk fails; the pixels are not decoded.
enum ImageCompleteness {
    /// The still-image formats video-from-frames accepts.
    enum Format: String, Sendable {
        case jpeg = "JPEG"
        case png = "PNG"

        /// The format named by a file's extension (`.jpg`, `.jpeg`, `.png`, any case), nil otherwise.
        init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case ".jpg", ".jpeg": self = .jpeg
            case ".png": self = .png
            default: return nil
            }
        }

        var signature: [UInt8] {
            switch self {
            case .jpeg: [0xFF, 0xD8, 0xFF]
            case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            }
        }

        /// The last bytes of a complete file.
        var trailer: [UInt8] {
            switch self {
            case .jpeg: [0xFF, 0xD9]
            case .png: [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            }
        }
    }

    /// Throws `MediaError.incompleteImage` naming `file` unless it is a complete `format` file.
    static func check(_ file: URL, as format: Format) throws {
        let incomplete = MediaError.incompleteImage(path: file.path, format: format.rawValue)
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: file)
        } catch {
            throw MediaError.fileOperationFailed(path: file.path, reason: error.localizedDescription)
        }
        defer { try? handle.close() }
        do {
            let head = try handle.read(upToCount: format.signature.count) ?? Data()
            guard Array(head) == format.signature else { throw incomplete }
            guard let tail = try lastBytesBeforeZeroPadding(handle, count: format.trailer.count),
                  Array(tail) == format.trailer else { throw incomplete }
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError.fileOperationFailed(path: file.path, reason: error.localizedDescription)
        }
    }

    /// The `count` bytes that end the file once trailing zero bytes are dropped; nil when the
    /// file is shorter than that.
    private static func lastBytesBeforeZeroPadding(_ handle: FileHandle, count: Int) throws -> Data? {
        let chunkSize: UInt64 = 64 * 1024
        var end = try handle.seekToEnd()
        var collected = Data()
        while end > 0 {
            let start = end > chunkSize ? end - chunkSize : 0
            try handle.seek(toOffset: start)
            var chunk = try handle.read(upToCount: Int(end - start)) ?? Data()
            if collected.isEmpty, let lastNonZero = chunk.lastIndex(where: { $0 != 0 }) {
                chunk = chunk[..<(lastNonZero + 1)]
            } else if collected.isEmpty {
                end = start
                continue
            }
            collected = chunk + collected
            if collected.count >= count { return collected.suffix(count) }
            end = start
        }
        return nil
    }
}
