import Foundation
import Support

/// DFL's video tools over ffmpeg: probe, extract frames, cut, denoise, encode frames to video.
///
/// Every operation runs ffmpeg/ffprobe as a child process, reports progress through a
/// `ProgressUpdate` callback, removes partial output when it fails or is interrupted (Ctrl-C),
/// and throws `MediaError`s whose messages are one line naming the file and the fix.
public struct VideoTools: Sendable {
    /// The executables used.
    public let location: FFmpegLocation

    /// Tools at the given location.
    public init(location: FFmpegLocation) {
        self.location = location
    }

    /// Tools found through `MASQUE_FFMPEG`/`MASQUE_FFPROBE` or `PATH` in `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.init(location: try FFmpegLocation.locate(environment: environment))
    }

    /// Runs ffmpeg with `arguments` after the options that make it quiet, non-interactive and
    /// report progress on standard output; `onFrames` gets the number of frames written so far.
    /// Throws `MediaError.ffmpegFailed` naming `subject` when ffmpeg exits with an error.
    func runFFmpeg(
        _ arguments: [String],
        subject: String,
        feedInput: (@Sendable (ChildInput) throws -> Void)? = nil,
        onFrames: (@Sendable (Int) -> Void)? = nil
    ) throws {
        var quiet = ["-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1"]
        if feedInput == nil { quiet.insert("-nostdin", at: 0) }
        let parser = ProgressParserBox()
        let child = ChildProcess(
            tool: "ffmpeg", executable: location.ffmpeg, arguments: quiet + arguments,
            feedInput: feedInput,
            onOutputLine: { line in
                if let frames = parser.consume(line) { onFrames?(frames) }
            }
        )
        let result = try child.run()
        guard result.status == 0 else {
            throw MediaError.ffmpegFailed(file: subject, status: result.status, detail: result.lastErrorLine)
        }
    }
}

/// A progress parser shared with the thread reading ffmpeg's output.
private final class ProgressParserBox: @unchecked Sendable {
    private let lock = NSLock()
    private var parser = FFmpegProgressParser()

    func consume(_ line: Substring) -> Int? {
        lock.withLock { parser.consume(line) }
    }
}
