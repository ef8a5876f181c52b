import Foundation

/// Small test videos made by ffmpeg from its built-in sources: a `testsrc` picture (moving
/// counter and colour bars) and, optionally, a 440 Hz `sine` tone.
public enum SyntheticVideo {
    /// Failure to make a test video.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes a `seconds`-long video of `width`×`height` pixels at `rate` frames per second
    /// (a rational like `25` or `30000/1001`) to `url`, with an audio track when `withAudio`.
    /// The container follows the extension of `url`.
    public static func make(
        at url: URL, seconds: Double = 2, width: Int = 128, height: Int = 96,
        rate: String = "25", withAudio: Bool = true
    ) throws {
        guard let ffmpeg = PackagePaths.onPath("ffmpeg") else {
            throw Failure(description: "ffmpeg is not on PATH; install it (apt-get install ffmpeg)")
        }
        var arguments = ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=\(width)x\(height):rate=\(rate)"]
        if withAudio { arguments += ["-f", "lavfi", "-i", "sine=frequency=440"] }
        arguments += ["-t", "\(seconds)", "-pix_fmt", "yuv420p", url.path]
        let result = try ProcessOutput.run(ffmpeg, arguments)
        guard result.status == 0 else {
            throw Failure(description: "ffmpeg could not make \(url.path): \(result.standardError)")
        }
    }

    /// Writes an audio-only file (a 440 Hz tone) to `url`.
    public static func makeAudioOnly(at url: URL, seconds: Double = 1) throws {
        guard let ffmpeg = PackagePaths.onPath("ffmpeg") else {
            throw Failure(description: "ffmpeg is not on PATH; install it (apt-get install ffmpeg)")
        }
        let result = try ProcessOutput.run(
            ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "\(seconds)", url.path])
        guard result.status == 0 else {
            throw Failure(description: "ffmpeg could not make \(url.path): \(result.standardError)")
        }
    }
}
