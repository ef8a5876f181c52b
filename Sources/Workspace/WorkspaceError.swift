import Foundation

/// Failures of workspace-level operations: resolving inputs, writing files.
public enum WorkspaceError: MasqueError, Equatable {
    /// An input path does not exist.
    case missingInput(path: String)
    /// A DFL wildcard input (`folder/stem.*`) matched no file.
    case noFileMatchingStem(pattern: String)
    /// Writing a file failed; `reason` is the system's explanation.
    case writeFailed(path: String, reason: String)

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
        }
    }
}
