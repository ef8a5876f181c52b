import ArgumentParser
import Foundation
import Media
import Provenance
import Support
import Workspace

/// `masque extract-frames`: DFL's `videoed extract-video`.
struct ExtractFrames: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-frames",
        abstract: "Extract a video's frames as numbered images (00001.png, ...)."
    )

    @Argument(help: "The video. A path ending in .* (workspace/data_src.*) picks the first file with that name.")
    var input: String

    @Option(help: "Folder for the frames; existing images of the chosen format in it are replaced once the new frames are written (fewer frames than before only with --force). Default: named after the video, next to it (workspace/data_src.mp4 → workspace/data_src).")
    var out: String?

    @Option(parsing: .unconditional, help: "Frames per second to extract, from 0 (every frame) up to the video's own frame rate.")
    var fps: Double = 0

    @Option(help: "Image format: png or jpg.")
    var format: FrameExtraction.ImageFormat = .png

    @Flag(help: "Replace existing frames even when the video gives fewer.")
    var force = false

    func run() throws {
        try CommandFailure.reporting {
            let video = try WorkspaceLayout.resolveInput(input)
            let folder = out.map { URL(fileURLWithPath: $0) } ?? WorkspaceLayout.framesFolder(forVideo: video)
            let tools = try VideoTools()
            let request = FrameExtraction(input: video, outputFolder: folder, fps: fps, format: format,
                                          consent: ReplaceConsent(force: force))
            let frames = try ProgressReporter.showing("Extracting frames", unit: "frames") { progress in
                try tools.extractFrames(request, progress: progress)
            }
            print("\(frames.count) frames written to \(folder.path)")
        }
    }
}

/// `masque cut-video`: DFL's `videoed cut-video`.
struct CutVideo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cut-video",
        abstract: "Cut a clip out of a video, re-encoded with H.264."
    )

    @Argument(help: "The video to cut.")
    var input: String

    @Option(help: "Start time, [[HH:]MM:]SS[.fraction].")
    var from: String = "00:00:00.000"

    @Option(help: "End time, [[HH:]MM:]SS[.fraction]. Default: the end of the video.")
    var to: String?

    @Option(parsing: .unconditional, help: "Audio track to keep, counted from 0 among the audio tracks (0 to the number of tracks - 1).")
    var audioTrack: Int = 0

    @Option(parsing: .unconditional, help: "Video bitrate in megabits per second.")
    var bitrate: Int = 25

    @Option(help: "The clip's path. Default: <name>_cut<ext> next to the input.")
    var out: String?

    func run() throws {
        try CommandFailure.reporting {
            let video = try WorkspaceLayout.resolveInput(input)
            let tools = try VideoTools()
            let cut = VideoCut(
                input: video, output: out.map { URL(fileURLWithPath: $0) }, from: from, to: to,
                audioTrack: audioTrack, bitrateMegabits: bitrate
            )
            let clip = try ProgressReporter.showing("Cutting video", unit: "frames") { progress in
                try tools.cutVideo(cut, progress: progress)
            }
            print("clip written to \(clip.path)")
        }
    }
}

/// `masque denoise`: DFL's `videoed denoise-image-sequence`.
struct Denoise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "denoise",
        abstract: "Denoise a folder of frames in place (ffmpeg hqdn3d), keeping file names."
    )

    @Argument(help: "The folder of frames, e.g. workspace/data_dst; all images must share one extension.")
    var folder: String

    @Option(parsing: .unconditional, help: "Denoise strength, 1 to 20.")
    var factor: Int = 7

    func run() throws {
        try CommandFailure.reporting {
            let frames = try WorkspaceLayout.resolveInput(folder)
            let tools = try VideoTools()
            let count = try ProgressReporter.showing("Denoising", unit: "frames") { progress in
                try tools.denoiseFrames(FrameDenoise(folder: frames, factor: factor), progress: progress)
            }
            print("\(count) frames denoised in \(frames.path)")
        }
    }
}

/// `masque video-from-frames`: DFL's `videoed video-from-sequence`.
struct VideoFromFrames: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "video-from-frames",
        abstract: "Encode a folder of frames (png/jpg, sorted by name) to an H.264 video."
    )

    @Argument(help: "The folder of frames, e.g. workspace/data_dst/merged.")
    var frames: String

    @Option(help: "Video whose first audio track is added and whose frame rate is used (unless --fps), e.g. workspace/data_dst.*.")
    var audioFrom: String?

    @Option(help: "The video to write, e.g. workspace/result.mp4. Written completely or not at all.")
    var out: String

    @Option(help: "Container: mp4, avi or mov. Default: from --out's extension, else mp4.")
    var format: VideoEncoding.Container?

    @Option(parsing: .unconditional, help: "Frame rate, e.g. 25 or 30000/1001. Default: the --audio-from video's, else 25.")
    var fps: FrameRate?

    @Flag(help: "Lossless H.264 (crf 0) instead of --bitrate.")
    var lossless = false

    @Option(parsing: .unconditional, help: "Video bitrate in megabits per second (ignored with --lossless).")
    var bitrate: Int = 16

    @Option(help: "A labelled PNG or video whose synthetic-media label the video gets. Default: the label of the first frame, when it has one (merged frames do).")
    var labelFrom: String?

    func run() throws {
        try CommandFailure.reporting {
            let folder = try WorkspaceLayout.resolveInput(frames)
            let reference = try audioFrom.map(WorkspaceLayout.resolveInput)
            let output = try VideoEncoding.outputFile(URL(fileURLWithPath: out), format: format)
            let tools = try VideoTools()
            let label = try labelFrom.map { try ProvenanceReport.inspect(URL(fileURLWithPath: $0), videoTools: { tools }).requireLabel() }
                ?? FrameFolderLabel.label(in: folder)
            var request = VideoEncoding(
                framesFolder: folder, output: output, reference: reference, fps: fps,
                lossless: lossless, bitrateMegabits: bitrate
            )
            if let label { request = request.labelled(label) }
            try ProgressReporter.showing("Encoding video", unit: "frames") { progress in
                try tools.encodeVideo(request, progress: progress)
            }
            print("video written to \(output.path)")
            if let label { print("labelled as synthetic media: \(label.statement)") }
        }
    }
}
