import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a folder a command writes into, held while the object lives: a second
/// masque process that tries to write the same folder is refused with a clear message instead of
/// doing the work twice or mixing its files with the first one's.
///
/// The lock is `flock(2)` on the folder itself: no lock file is left behind, and the kernel
/// releases it when the process ends, even after SIGKILL. Taking it also removes the
/// temporaries a killed run left in the folder (`TemporaryName.removeLeftovers`).
public final class FolderLock: @unchecked Sendable {
    /// The locked folder.
    public let folder: URL
    private let descriptor: Int32

    /// Locks `folder` (which must exist); `keep` spares leftovers the caller will finish itself.
    public init(_ folder: URL, keep: (URL) -> Bool = { _ in false }) throws(FileError) {
        try PathKind.requireFolder(folder)
        let descriptor = open(folder.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError.unreadable(path: folder.path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw busy ? FileError.folderBusy(path: folder.path)
                : FileError.unreadable(path: folder.path, reason: "cannot be locked (\(reason))")
        }
        self.folder = folder
        self.descriptor = descriptor
        TemporaryName.removeLeftovers(in: folder, keep: keep)
    }

    /// Locks `folder`, creating it (and its parents) first when it is missing.
    public static func creating(_ folder: URL, keep: (URL) -> Bool = { _ in false }) throws(FileError) -> FolderLock {
        if PathKind.of(folder) == .missing {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw FileError.writeFailed(path: folder.path, reason: FileError.reason(error))
            }
        }
        return try FolderLock(folder, keep: keep)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
