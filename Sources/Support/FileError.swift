import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of file-system operations: resolving inputs, reading, locking and writing files.
public enum FileError: MasqueError, Equatable {
    /// An input path does not exist.
    case missingInput(path: String)
    /// A DFL wildcard input (`folder/stem.*`) matched no file.
    case noFileMatchingStem(pattern: String)
    /// Writing a file failed; `reason` is the system's explanation.
    case writeFailed(path: String, reason: String)
    /// A folder was expected and the path is a file.
    case notAFolder(path: String)
    /// A file was expected and the path is a folder.
    case notAFile(path: String)
    /// A file or folder cannot be read or locked; `reason` is the system's explanation.
    case unreadable(path: String, reason: String)
    /// A file's name is not valid UTF-8 (shown with `\xNN` for the bad bytes).
    case undecodableName(path: String)
    /// Another masque process is writing the folder.
    case folderBusy(path: String)
    /// Going ahead would replace data with less, and neither `--force` nor a "y" allowed it.
    case wouldLoseData(path: String, loss: String)

    /// The system's reason in an error from Foundation (`Permission denied`), without
    /// Foundation's wrapping ("The operation could not be completed", "error 256").
    public static func reason(_ error: any Error) -> String {
        if case .writeFailed(_, let reason)? = error as? FileError { return reason }
        if let masque = error as? any MasqueError { return masque.message }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }

    public var message: String {
        switch self {
        case .missingInput(let path):
            return "\(path) does not exist; check the path or put the file there"
        case .noFileMatchingStem(let pattern):
            let url = URL(fileURLWithPath: pattern)
            let folder = url.deletingLastPathComponent().path
            let stem = String(url.lastPathComponent.dropLast(2))
            return "no file matches \(pattern); put a video named \(stem).<ext> (e.g. \(stem).mp4) in \(folder)"
        case .writeFailed(let path, let reason):
            return "could not write \(path): \(reason); check that its folder exists, is writable and has free space"
        case .notAFolder(let path):
            return "\(path) is a file, not a folder; give the folder that holds the images"
        case .notAFile(let path):
            return "\(path) is a folder, not a file; give the file itself"
        case .unreadable(let path, let reason):
            return "\(path) cannot be read: \(reason); check its permissions"
        case .undecodableName(let path):
            return "\(path) has a name that is not valid UTF-8; rename it (e.g. convmv -f latin1 -t utf8 --notest) and run again"
        case .folderBusy(let path):
            return "\(path) is being written by another masque process; wait for it to finish (or stop it) and run again"
        case .wouldLoseData(let path, let loss):
            return "\(path) \(loss); nothing was changed: pass --force to go ahead, or move it away first"
        }
    }
}
