import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one atomic writer. Every write of user data and every checkpoint goes through it.
///
/// Data goes to a temporary file in the destination's folder (named by `TemporaryName`, so the
/// next run removes it if this one is killed), is flushed to disk (fsync), and is then renamed
/// over the destination, after which the folder itself is flushed. Until the rename, the old
/// file is untouched; after it, the new content is complete. `move` renames a file that was
/// staged and flushed elsewhere in the same folder tree; `writeFolder` does the same for a
/// whole folder (a checkpoint, a set of frames).
public enum AtomicFile {
    /// Replaces (or creates) the file at `url` with `data`.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { handle in
            // POSIX write, so a full disk or a file-size limit is named (ENOSPC, EFBIG).
            let failure: Int32? = data.withUnsafeBytes { bytes -> Int32? in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(handle.fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return nil
            }
            if let failure {
                throw FileError.writeFailed(path: url.path, reason: String(cString: strerror(failure)))
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
            throw FileError.writeFailed(path: destination.path, reason: systemError())
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
            throw FileError.writeFailed(path: destination.path, reason: reason)
        }
        do {
            try handle.close()
        } catch {
            throw FileError.writeFailed(path: destination.path, reason: "\(error)")
        }
        guard rename(temporaryPath, destination.path) == 0 else {
            throw FileError.writeFailed(path: destination.path, reason: systemError())
        }
        committed = true
        syncFolder(folder)
    }

    /// Renames `source` (a complete file or folder, already flushed) over `destination` on the
    /// same file system, then flushes the destination's folder unless `syncingFolder` is false
    /// (a caller moving many files flushes once with `syncFolder` at the end).
    public static func move(_ source: URL, over destination: URL, syncingFolder: Bool = true) throws(FileError) {
        guard rename(source.path, destination.path) == 0 else {
            throw FileError.writeFailed(path: destination.path, reason: systemError())
        }
        if syncingFolder { syncFolder(destination.deletingLastPathComponent()) }
    }

    /// Replaces (or creates) the folder `folder` with one that `fill` writes: `fill` gets a fresh
    /// staging folder beside it (its files written with `write`), which is flushed and renamed into
    /// place. The old folder is kept at `previous` until the new one is in place, so a crash
    /// between the two renames leaves one complete copy there. Leftover staging folders of killed
    /// runs are removed first. If `fill` throws, the staging folder is removed and `folder` is
    /// untouched.
    public static func writeFolder(_ folder: URL, previous: URL, _ fill: (URL) throws -> Void) throws {
        let fileManager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw FileError.writeFailed(path: parent.path, reason: FileError.reason(error))
        }
        TemporaryName.removeLeftovers(in: parent)
        let staging = TemporaryName.beside(folder)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw FileError.writeFailed(path: staging.path, reason: FileError.reason(error))
        }
        var committed = false
        defer { if !committed { try? fileManager.removeItem(at: staging) } }
        try fill(staging)
        syncFolder(staging)
        do {
            if fileManager.fileExists(atPath: previous.path) { try fileManager.removeItem(at: previous) }
        } catch {
            throw FileError.writeFailed(path: previous.path, reason: FileError.reason(error))
        }
        if PathKind.of(folder) != .missing { try move(folder, over: previous, syncingFolder: false) }
        try move(staging, over: folder)
        committed = true
        try? fileManager.removeItem(at: previous)
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
