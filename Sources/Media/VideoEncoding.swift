import Foundation
import Support

/// What `VideoTools.encodeVideo` does: DFL's `video-from-sequence`.
public struct VideoEncoding: Sendable, Equatable {
    /// Containers the encoder writes; the output file's extension picks one.
    public enum Container: String, Sendable, CaseIterable {
        case mp4, avi, mov
    }

    /// The folder of frames: every `.png`, `.jpg` and `.jpeg` in it, sorted by path.
    public var framesFolder: URL
    /// The video to write; its extension must be `.mp4`, `.avi` or `.mov` (see `outputFile`).
    public var output: URL
    /// Reference video: its first audio stream is copied in (re-encoded to AAC 192k 48 kHz)
    /// and, unless `fps` is set, its `r_frame_rate` is used.
    public var reference: URL?
    /// An audio file (WAV, AAC, …) whose first audio stream is the sound track; used when there
    /// is no `reference`.
    public var soundtrack: URL?
    /// Frame rate; nil takes the reference's, else 25.
    public var fps: FrameRate?
    /// Lossless H.264 (`-crf 0`) instead of a bitrate.
    public var lossless: Bool
    /// Video bitrate in megabits per second, ≥ 1 (DFL's default 16); unused when lossless.
    public var bitrateMegabits: Int
    /// Container tags written with `-metadata key=value` (e.g. a synthetic-media label). MP4 and
    /// MOV keep every key (as QuickTime `mdta` keys, through `-movflags use_metadata_tags`); AVI
    /// keeps only its RIFF INFO keys, `comment` among them. Keys are non-empty and hold no `=`.
    public var metadata: [String: String]

    public init(
        framesFolder: URL, output: URL, reference: URL? = nil, soundtrack: URL? = nil, fps: FrameRate? = nil,
        lossless: Bool = false, bitrateMegabits: Int = 16, metadata: [String: String] = [:]
    ) {
        self.framesFolder = framesFolder
        self.output = output
        self.reference = reference
        self.soundtrack = soundtrack
        self.fps = fps
        self.lossless = lossless
        self.bitrateMegabits = bitrateMegabits
        self.metadata = metadata
    }

    /// The frame rate DFL falls back to when there is no reference.
    public static let defaultFrameRate = FrameRate(numerator: 25, denominator: 1)!

    /// The output path for `out` and an optional `format`: `out` gets the format's extension when
    /// it has none; otherwise its extension must be mp4/avi/mov and agree with `format`.
    public static func outputFile(_ out: URL, format: Container?) throws -> URL {
        let givenExtension = out.pathExtension.lowercased()
        if givenExtension.isEmpty {
            return out.appendingPathExtension((format ?? .mp4).rawValue)
        }
        guard let container = Container(rawValue: givenExtension) else {
            throw MediaError.invalidOption(name: "--out", value: out.path, expected: "a .mp4, .avi or .mov file")
        }
        if let format, format != container {
            throw MediaError.invalidOption(
                name: "--out", value: out.path,
                expected: "a .\(format.rawValue) file to match --format \(format.rawValue)")
        }
        return out
    }
}

extension VideoTools {
    /// Encodes the frames to H.264 (yuv420p), piping the image files to
    /// `ffmpeg -f image2pipe -r <fps> -i pipe: [-i <reference> -map 0 -map 1:<audio index>
    /// -ar 48000 -b:a 192k] [-b:v <N>M] [-c:a aac] -c:v libx264 [-crf 0] -pix_fmt yuv420p
    /// [-strict experimental] [-metadata <key>=<value> … [-movflags use_metadata_tags]] <output> -y`.
    ///
    /// Before encoding, every frame is checked to be a complete PNG/JPEG (a truncated one is an
    /// error naming it). The video is written to a temporary file next to the output and renamed
    /// into place only on success, so a failure or Ctrl-C never leaves a half-written video.
    public func encodeVideo(_ request: VideoEncoding, progress: ProgressUpdate? = nil) throws {
        let destination = try VideoEncoding.outputFile(request.output, format: nil)
        guard request.lossless || request.bitrateMegabits >= 1 else {
            throw MediaError.invalidOption(name: "--bitrate", value: "\(request.bitrateMegabits)", expected: "1 or more (megabits/s)")
        }
        if let key = request.metadata.keys.first(where: { $0.isEmpty || $0.contains("=") }) {
            throw MediaError.invalidOption(name: "metadata key", value: "'\(key)'", expected: "a non-empty name without '='")
        }
        let frameExtensions = [".png", ".jpg", ".jpeg"]
        let frames = try ImageFolder.images(in: request.framesFolder, extensions: frameExtensions)
        guard !frames.isEmpty else {
            throw MediaError.noImages(folder: request.framesFolder.path, extensions: frameExtensions.map { String($0.dropFirst()) })
        }
        let formats = frames.compactMap { ImageCompleteness.Format(fileExtension: ImageFolder.suffix(of: $0)) }
        guard Set(formats).count == 1, let format = formats.first else {
            let kinds = Set(frames.map { ImageFolder.suffix(of: $0).lowercased() }).sorted()
            throw MediaError.mixedImageExtensions(folder: request.framesFolder.path, extensions: kinds)
        }

        try InterruptGuard.shared.guarding {
            for frame in frames {
                try ImageCompleteness.check(frame, as: format)
                try InterruptGuard.shared.throwIfInterrupted()
            }
            let referenceInfo = try request.reference.map { try probe($0) }
            let fps = request.fps ?? referenceInfo?.frameRate ?? VideoEncoding.defaultFrameRate
            let audioIndex = referenceInfo?.audioStreamIndex
            let soundtrack = request.reference == nil ? request.soundtrack : nil
            if let soundtrack, !FileManager.default.fileExists(atPath: soundtrack.path) {
                throw MediaError.missingInput(path: soundtrack.path)
            }
            let hasAudio = audioIndex != nil || soundtrack != nil

            do {
                try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw MediaError.fileOperationFailed(path: destination.deletingLastPathComponent().path,
                                                      reason: "cannot be created (\(FileError.reason(error)))")
            }
            let output = try TemporaryOutput(for: destination)
            defer { output.discard() }

            var arguments = ["-f", "image2pipe", "-r", fps.description, "-i", "pipe:"]
            if let reference = request.reference, let audioIndex {
                arguments += ["-i", reference.path, "-map", "0", "-map", "1:\(audioIndex)", "-ar", "48000", "-b:a", "192k"]
            } else if let soundtrack {
                arguments += ["-i", soundtrack.path, "-map", "0", "-map", "1:a:0", "-ar", "48000", "-b:a", "192k"]
            }
            if !request.lossless { arguments += ["-b:v", "\(request.bitrateMegabits)M"] }
            if hasAudio { arguments += ["-c:a", "aac"] }
            arguments += ["-c:v", "libx264"]
            if request.lossless { arguments += ["-crf", "0"] }
            arguments += ["-pix_fmt", "yuv420p"]
            if hasAudio { arguments += ["-strict", "experimental"] }
            for (key, value) in request.metadata.sorted(by: { $0.key < $1.key }) {
                arguments += ["-metadata", "\(key)=\(value)"]
            }
            if !request.metadata.isEmpty, destination.pathExtension.lowercased() != VideoEncoding.Container.avi.rawValue {
                arguments += ["-movflags", "use_metadata_tags"]
            }
            arguments += [output.temporary.path, "-y"]

            let total = frames.count
            try runFFmpeg(
                arguments, subject: request.framesFolder.path,
                feedInput: { input in
                    for frame in frames {
                        try InterruptGuard.shared.throwIfInterrupted()
                        let bytes: Data
                        do {
                            bytes = try Data(contentsOf: frame)
                        } catch {
                            throw MediaError.fileOperationFailed(path: frame.path, reason: error.localizedDescription)
                        }
                        guard input.write(bytes) else { return }
                    }
                },
                onFrames: { done in progress?(done, total) }
            )
            try InterruptGuard.shared.throwIfInterrupted()
            try output.commit()
            progress?(total, total)
        }
    }
}
