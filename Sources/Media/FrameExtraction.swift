import Foundation

/// What `VideoTools.extractFrames` does: DFL's `extract-video`.
public struct FrameExtraction: Sendable, Equatable {
    /// Image format of the extracted frames.
    public enum ImageFormat: String, Sendable, CaseIterable {
        /// Lossless PNG (DFL's default).
        case png
        /// JPEG at ffmpeg quality 2 (`-q:v 2`).
        case jpg
    }

    /// The video to read.
    public var input: URL
    /// The folder the frames go to (created if missing); DFL uses the video's stem next to it.
    public var outputFolder: URL
    /// Output frame rate in frames per second; nil or 0 keeps every frame (DFL's default).
    public var fps: Double?
    /// Image format, png by default.
    public var format: ImageFormat

    public init(input: URL, outputFolder: URL, fps: Double? = nil, format: ImageFormat = .png) {
        self.input = input
        self.outputFolder = outputFolder
        self.fps = fps
        self.format = format
    }
}

extension VideoTools {
    /// Extracts frames as `00001.<ext>`, `00002.<ext>`, … (numbered from 1) into the output folder:
    /// `ffmpeg -i <input> -pix_fmt rgb24 [-q:v 2] [-vf fps=<fps>] <folder>/%05d.<ext>`.
    ///
    /// DFL passes `-r <fps>` instead of the `fps` filter; with ffmpeg 5 that keeps extra frames
    /// (12 instead of 10 from 2 s at 5 fps, unevenly spaced), while the filter gives exactly
    /// duration × fps evenly spaced frames.
    ///
    /// Images with the same extension already in the folder are deleted first, as DFL does;
    /// other files and subfolders (e.g. `aligned`) are kept. Returns the frames written, sorted.
    @discardableResult
    public func extractFrames(_ request: FrameExtraction, progress: MediaProgress? = nil) throws -> [URL] {
        if let fps = request.fps, !(fps.isFinite && fps >= 0) {
            throw MediaError.invalidOption(name: "--fps", value: "\(fps)", expected: "0 (every frame) or a positive number")
        }
        let folder = request.outputFolder
        guard folder.standardizedFileURL.path != request.input.standardizedFileURL.path else {
            throw MediaError.invalidOption(name: "--out", value: folder.path, expected: "a folder other than the video itself")
        }
        let info = try probe(request.input)
        let fileExtension = ".\(request.format.rawValue)"
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for stale in try ImageFolder.images(in: folder, extensions: [fileExtension]) {
                try FileManager.default.removeItem(at: stale)
            }
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError.fileOperationFailed(path: folder.path, reason: error.localizedDescription)
        }

        var arguments = ["-i", request.input.path, "-pix_fmt", "rgb24"]
        if request.format == .jpg { arguments += ["-q:v", "2"] }
        var expected = info.estimatedFrameCount
        if let fps = request.fps, fps > 0 {
            arguments += ["-vf", "fps=\(Self.decimal(fps))"]
            expected = info.duration.map { Int(($0 * fps).rounded()) }
        }
        let total = expected
        arguments.append(folder.appendingPathComponent("%05d\(fileExtension)").path)

        return try InterruptGuard.shared.guarding {
            try runFFmpeg(arguments, subject: request.input.path, onFrames: { frames in progress?(frames, total) })
            let frames = try ImageFolder.images(in: folder, extensions: [fileExtension])
            progress?(frames.count, frames.count)
            return frames
        }
    }

    /// A number as ffmpeg reads it: `25` for whole numbers, `29.97` otherwise.
    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
