import Foundation
import Support

/// A file that ffmpeg writes under a hidden temporary name next to its destination
/// (`TemporaryName`: `.masque-tmp.<pid>.<token>.result.mp4`, same extension so the container is
/// the same) and that is renamed into place only when complete. Until then an existing
/// destination is untouched; if masque is killed, the next run in that folder removes it.
struct TemporaryOutput {
    /// Where the file ends up.
    let destination: URL
    /// Where it is written meanwhile.
    let temporary: URL

    /// Reserves a temporary file next to `destination` and registers it with `InterruptGuard`;
    /// throws, naming the folder and the system's reason, when the folder cannot be written.
    init(for destination: URL) throws {
        self.destination = destination
        let folder = destination.deletingLastPathComponent()
        TemporaryName.removeLeftovers(in: folder)
        temporary = TemporaryName.beside(destination)
        InterruptGuard.shared.trackTemporary(temporary)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            InterruptGuard.shared.forgetTemporary(temporary)
            throw MediaError.fileOperationFailed(path: folder.path, reason: "cannot be written (\(reason))")
        }
        close(descriptor)
    }

    /// Renames the finished file over the destination.
    func commit() throws {
        do throws(FileError) {
            try AtomicFile.move(temporary, over: destination)
        } catch {
            throw MediaError.fileOperationFailed(path: destination.path, reason: FileError.reason(error))
        }
        InterruptGuard.shared.forgetTemporary(temporary)
    }

    /// Removes the temporary file if it is still there; harmless after `commit()`.
    func discard() {
        try? FileManager.default.removeItem(at: temporary)
        InterruptGuard.shared.forgetTemporary(temporary)
    }
}
