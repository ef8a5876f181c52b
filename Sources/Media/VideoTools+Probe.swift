import Foundation
import Support

extension VideoTools {
    /// Describes `file` with `ffprobe -v error -print_format json -show_streams -show_format`.
    ///
    /// Throws `MediaError.missingInput` when the file does not exist, `.notAVideo` when ffprobe
    /// cannot read it, `.noVideoStream` when it holds no video (only audio or cover art).
    public func probe(_ file: URL) throws -> VideoInfo {
        let path = file.path
        guard FileManager.default.fileExists(atPath: path) else { throw MediaError.missingInput(path: path) }
        let result = try InterruptGuard.shared.guarding {
            try ChildProcess(
                tool: "ffprobe", executable: location.ffprobe,
                arguments: ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", path]
            ).run()
        }
        guard result.status == 0 else {
            throw MediaError.notAVideo(path: path, reason: Self.ffprobeReason(result.lastErrorLine, path: path))
        }
        return try Self.videoInfo(fromFFprobeJSON: result.standardOutput, file: file)
    }

    /// Builds `VideoInfo` from ffprobe's JSON; the first non-cover-art video stream counts.
    static func videoInfo(fromFFprobeJSON json: Data, file: URL) throws -> VideoInfo {
        let path = file.path
        let report: FFprobeReport
        do {
            report = try JSONDecoder().decode(FFprobeReport.self, from: json)
        } catch {
            throw MediaError.notAVideo(path: path, reason: "ffprobe's report could not be read")
        }
        let streams = report.streams ?? []
        if report.format?.formatName == "tty" {
            throw MediaError.notAVideo(path: path, reason: "ffprobe reads it as text")
        }
        guard let video = streams.first(where: { $0.codecType == "video" && $0.disposition?.attachedPic != 1 }) else {
            throw MediaError.noVideoStream(path: path)
        }
        let audio = streams.first { $0.codecType == "audio" }
        return VideoInfo(
            file: file,
            formatName: report.format?.formatName ?? "",
            videoStreamIndex: video.index,
            codec: video.codecName ?? "unknown",
            width: video.width ?? 0,
            height: video.height ?? 0,
            frameRate: video.rFrameRate.flatMap(FrameRate.init),
            frameCount: video.nbFrames.flatMap { Int($0) },
            duration: video.duration.flatMap(Double.init) ?? report.format?.duration.flatMap(Double.init),
            audioStreamIndex: audio?.index,
            audioStreamCount: streams.filter { $0.codecType == "audio" }.count,
            tags: report.format?.tags ?? [:]
        )
    }

    /// ffprobe's error line without the file name it starts with.
    private static func ffprobeReason(_ line: String, path: String) -> String {
        let prefix = path + ": "
        return line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : line
    }
}

/// The parts of ffprobe's JSON report that `VideoInfo` needs.
private struct FFprobeReport: Decodable {
    struct Stream: Decodable {
        struct Disposition: Decodable {
            let attachedPic: Int?
            enum CodingKeys: String, CodingKey { case attachedPic = "attached_pic" }
        }
        let index: Int
        let codecType: String?
        let codecName: String?
        let width: Int?
        let height: Int?
        let rFrameRate: String?
        let nbFrames: String?
        let duration: String?
        let disposition: Disposition?

        enum CodingKeys: String, CodingKey {
            case index, width, height, duration, disposition
            case codecType = "codec_type", codecName = "codec_name"
            case rFrameRate = "r_frame_rate", nbFrames = "nb_frames"
        }
    }

    struct Format: Decodable {
        let formatName: String?
        let duration: String?
        let tags: [String: String]?
        enum CodingKeys: String, CodingKey { case formatName = "format_name", duration, tags }
    }

    let streams: [Stream]?
    let format: Format?
}
