import Foundation
import Imaging
import Media
import Support

/// A short clip filmed from a still portrait: the face pans, zooms, turns a little and drifts in
/// colour (`PortraitFrames`), over a gliding tone; encoded as H.264 with AAC audio.
struct DemoClip {
    /// Frames per second of the clip.
    static let frameRate = FrameRate(numerator: 25, denominator: 1)!
    /// Frame size in pixels (a 540p frame keeps the whole demo under two minutes on two cores).
    static let size = (width: 960, height: 540)

    var portrait: Image
    var seconds: Double
    var tone: ToneTrack

    /// Frames in the clip (at least 2, so the face moves).
    var frameCount: Int { max(2, Int((seconds * Double(Self.frameRate.numerator)).rounded())) }

    /// Renders the frames and the tone into a hidden scratch folder beside `video`, encodes them
    /// into `video` (written beside and renamed into place by the encoder) and removes the scratch.
    func write(to video: URL, tools: VideoTools, progress: @escaping ProgressUpdate) throws {
        let scratch = video.deletingLastPathComponent().appendingPathComponent(".\(video.lastPathComponent).scratch")
        let frames = scratch.appendingPathComponent("frames")
        try? FileManager.default.removeItem(at: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let count = frameCount
        for index in 0..<count {
            let frame = PortraitFrames.frame(index, of: count, portrait: portrait, width: Self.size.width, height: Self.size.height)
            try frame.write(to: frames.appendingPathComponent(String(format: "%05d.png", index + 1)), as: .png(compressionLevel: 1))
            progress(index + 1, 2 * count)
        }
        let audio = scratch.appendingPathComponent("tone.wav")
        try tone.write(to: audio)
        try tools.encodeVideo(VideoEncoding(framesFolder: frames, output: video, soundtrack: audio, fps: Self.frameRate)) { done, _ in
            progress(count + done, 2 * count)
        }
    }
}
