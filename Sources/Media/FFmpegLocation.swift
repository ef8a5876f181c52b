import Foundation

/// Where the ffmpeg and ffprobe executables are.
///
/// Each is taken from its override variable (`MASQUE_FFMPEG`, `MASQUE_FFPROBE`) when set,
/// else from the first directory on `PATH` that holds an executable of that name.
public struct FFmpegLocation: Sendable, Equatable {
    /// The ffmpeg executable.
    public let ffmpeg: URL
    /// The ffprobe executable.
    public let ffprobe: URL

    /// Uses the given executables as they are.
    public init(ffmpeg: URL, ffprobe: URL) {
        self.ffmpeg = ffmpeg
        self.ffprobe = ffprobe
    }

    /// Finds both tools in `environment` (by default this process's).
    /// Throws `MediaError.toolNotFound` or `.toolOverrideInvalid` naming the missing tool.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> FFmpegLocation {
        FFmpegLocation(
            ffmpeg: try locateTool("ffmpeg", variable: "MASQUE_FFMPEG", environment: environment),
            ffprobe: try locateTool("ffprobe", variable: "MASQUE_FFPROBE", environment: environment)
        )
    }

    private static func locateTool(_ name: String, variable: String, environment: [String: String]) throws -> URL {
        if let override = environment[variable], !override.isEmpty {
            guard isExecutableFile(override) else {
                throw MediaError.toolOverrideInvalid(tool: name, variable: variable, path: override)
            }
            return URL(fileURLWithPath: override)
        }
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if isExecutableFile(candidate.path) { return candidate }
        }
        throw MediaError.toolNotFound(tool: name, variable: variable)
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
