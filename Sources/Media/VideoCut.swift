import Foundation
import Support

/// What `VideoTools.cutVideo` does: DFL's `cut-video`.
public struct VideoCut: Sendable, Equatable {
    /// The video to cut.
    public var input: URL
    /// Where the clip goes; nil means `<stem>_cut<ext>` next to the input (DFL's choice).
    public var output: URL?
    /// Start, as ffmpeg time (`00:00:01.500`, `1.5`); DFL's default `00:00:00.000`.
    public var from: String
    /// End, as ffmpeg time; nil cuts to the end of the input.
    public var to: String?
    /// Which audio track to keep (0-based among the audio streams, ≥ 0). A track the input does
    /// not have is an error naming how many it has; an input without audio gives a silent clip.
    public var audioTrack: Int
    /// Video bitrate in megabits per second, ≥ 1 (DFL's default 25).
    public var bitrateMegabits: Int

    public init(
        input: URL, output: URL? = nil, from: String = "00:00:00.000", to: String? = nil,
        audioTrack: Int = 0, bitrateMegabits: Int = 25
    ) {
        self.input = input
        self.output = output
        self.from = from
        self.to = to
        self.audioTrack = audioTrack
        self.bitrateMegabits = bitrateMegabits
    }

    /// The clip's path: `output`, or `<stem>_cut<ext>` next to the input.
    public var resolvedOutput: URL {
        if let output { return output }
        let stem = input.deletingPathExtension().lastPathComponent
        let suffix = input.pathExtension.isEmpty ? "" : ".\(input.pathExtension)"
        return input.deletingLastPathComponent().appendingPathComponent("\(stem)_cut\(suffix)")
    }
}

extension VideoTools {
    /// Cuts `[from, to)` out of the input, re-encoding video with libx264:
    /// `ffmpeg -ss <from> [-to <to>] -i <input> -map 0:v:0 -map 0:a:<track>? -b:v <N>M -c:v libx264
    /// -pix_fmt yuv420p <output> -y`. The clip is written to a temporary file and renamed into
    /// place when complete. Returns the clip's path.
    @discardableResult
    public func cutVideo(_ cut: VideoCut, progress: ProgressUpdate? = nil) throws -> URL {
        guard let start = TimePosition(cut.from) else {
            throw MediaError.invalidOption(name: "--from", value: cut.from, expected: "a time like 00:01:02.500 or 62.5")
        }
        let end = try cut.to.map { text in
            guard let end = TimePosition(text) else {
                throw MediaError.invalidOption(name: "--to", value: text, expected: "a time like 00:01:02.500 or 62.5")
            }
            guard end.seconds > start.seconds else {
                throw MediaError.invalidOption(name: "--to", value: text, expected: "a time after --from \(cut.from)")
            }
            return end
        }
        guard cut.audioTrack >= 0 else {
            throw MediaError.invalidOption(name: "--audio-track", value: "\(cut.audioTrack)", expected: "0 or more")
        }
        guard cut.bitrateMegabits >= 1 else {
            throw MediaError.invalidOption(name: "--bitrate", value: "\(cut.bitrateMegabits)", expected: "1 or more (megabits/s)")
        }
        let destination = cut.resolvedOutput
        guard destination.standardizedFileURL.path != cut.input.standardizedFileURL.path else {
            throw MediaError.invalidOption(name: "--out", value: destination.path, expected: "a file other than the input")
        }
        let info = try probe(cut.input)
        if cut.audioTrack >= max(info.audioStreamCount, 1) {
            let tracks = info.audioStreamCount
            let range = tracks <= 1 ? "0" : "0 to \(tracks - 1)"
            throw MediaError.invalidOption(
                name: "--audio-track", value: "\(cut.audioTrack)",
                expected: "\(range) (\(cut.input.path) has \(tracks) audio track\(tracks == 1 ? "" : "s"))")
        }
        if let duration = info.duration, start.seconds >= duration {
            throw MediaError.invalidOption(
                name: "--from", value: cut.from,
                expected: "a time before the end of \(cut.input.path) (\(String(format: "%.3f", duration)) s)")
        }

        let total: Int? = info.frameRate.flatMap { rate in
            (end?.seconds ?? info.duration).flatMap { stop in
                Int(exactly: ((min(stop, info.duration ?? stop) - start.seconds) * rate.framesPerSecond).rounded())
            }
        }
        let output = try TemporaryOutput(for: destination)
        defer { output.discard() }
        var arguments = ["-ss", start.text]
        if let end { arguments += ["-to", end.text] }
        arguments += [
            "-i", cut.input.path,
            "-map", "0:v:0", "-map", "0:a:\(cut.audioTrack)?",
            "-b:v", "\(cut.bitrateMegabits)M", "-c:v", "libx264", "-pix_fmt", "yuv420p",
            output.temporary.path, "-y",
        ]
        try InterruptGuard.shared.guarding {
            try runFFmpeg(arguments, subject: cut.input.path, onFrames: { frames in progress?(frames, total) })
            try output.commit()
        }
        return destination
    }
}
