import Foundation

/// What ffprobe reports about a video file: its first video stream and first audio stream.
public struct VideoInfo: Sendable, Equatable {
    /// The probed file.
    public let file: URL
    /// Container format names as ffprobe lists them, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public let formatName: String
    /// Absolute index of the first video stream.
    public let videoStreamIndex: Int
    /// Codec of the first video stream, e.g. `h264`.
    public let codec: String
    /// Frame width in pixels.
    public let width: Int
    /// Frame height in pixels.
    public let height: Int
    /// The stream's `r_frame_rate` (the rate DFL uses); nil when ffprobe gives `0/0`.
    public let frameRate: FrameRate?
    /// Frame count stated by the container (`nb_frames`); nil when it does not say.
    public let frameCount: Int?
    /// Duration in seconds (stream duration, else container duration); nil when unknown.
    public let duration: Double?
    /// Absolute index of the first audio stream, nil when there is no audio.
    public let audioStreamIndex: Int?
    /// How many audio streams the file holds.
    public let audioStreamCount: Int
    /// The container's tags (ffprobe's `format.tags`, e.g. `comment`, `encoder`).
    public let tags: [String: String]

    /// Whether the file has an audio stream.
    public var hasAudio: Bool { audioStreamIndex != nil }

    /// The frame count, or duration × frame rate when the container does not state it.
    public var estimatedFrameCount: Int? {
        if let frameCount { return frameCount }
        guard let duration, let frameRate else { return nil }
        return Int(exactly: (duration * frameRate.framesPerSecond).rounded())
    }
}
