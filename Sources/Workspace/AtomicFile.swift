import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file replacement: data goes to a temporary file in the destination's folder
/// (named by `TemporaryName`, so the next run removes it if this one is killed), is flushed to
/// disk (fsync), and is then renamed over the destination. Until the rename, the old file is
/// untouched; after it, the new content is complete.
public enum AtomicFile {
    /// Replaces (or creates) the file at `url` with `data`.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { handle in
            do {
                try handle.write(contentsOf: data)
            } catch {
                throw WorkspaceError.writeFailed(path: url.path, reason: error.localizedDescription)
            }
        }
    }

    /// Replaces (or creates) the file at `url` with what `body` writes to the handle it gets.
    /// If `body` throws, the temporary file is removed, the old file stays as it was, and the
    /// error is rethrown. New files get mode 0644; a replaced file keeps its mode.
    public static func write(to url: URL, _ body: (FileHandle) throws -> Void) throws {
        let destination = url.standardizedFileURL
        let folder = destination.deletingLastPathComponent()
        let temporaryPath = TemporaryName.beside(destination).path
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw WorkspaceError.writeFailed(path: destination.path, reason: systemError())
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var committed = false
        defer {
            if !committed { unlink(temporaryPath) }
        }
        do {
            try body(handle)
        } catch {
            try? handle.close()
            throw error
        }
        var existing = stat()
        let mode = stat(destination.path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644
        guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
            let reason = systemError()
            try? handle.close()
            throw WorkspaceError.writeFailed(path: destination.path, reason: reason)
        }
        do {
            try handle.close()
        } catch {
            throw WorkspaceError.writeFailed(path: destination.path, reason: "\(error)")
        }
        guard rename(temporaryPath, destination.path) == 0 else {
            throw WorkspaceError.writeFailed(path: destination.path, reason: systemError())
        }
        committed = true
        syncFolder(folder)
    }

    /// Flushes a folder's entries so a completed rename survives power loss; best effort.
    public static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
