#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A malloc'ed block of pixel bytes owned by one or more `Image` values.
///
/// `Image` copies it before writing whenever another `Image` shares it (copy-on-write), so the
/// bytes are never written while shared; that makes sharing it across threads safe.
final class PixelStorage: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer
    let byteCount: Int

    /// Allocates `byteCount` bytes, zero-filled when `zeroed`.
    init(byteCount: Int, zeroed: Bool) {
        let size = max(byteCount, 1)
        guard let pointer = zeroed ? calloc(size, 1) : malloc(size) else {
            fatalError("out of memory allocating \(byteCount) bytes of pixels")
        }
        bytes = pointer
        self.byteCount = byteCount
    }

    /// Takes ownership of `bytes`, a block from malloc (such as one CVision returned).
    init(adopting bytes: UnsafeMutableRawPointer, byteCount: Int) {
        self.bytes = bytes
        self.byteCount = byteCount
    }

    deinit {
        free(bytes)
    }

    func copy() -> PixelStorage {
        let duplicate = PixelStorage(byteCount: byteCount, zeroed: false)
        duplicate.bytes.copyMemory(from: bytes, byteCount: byteCount)
        return duplicate
    }
}
