import Foundation
import Support

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
    /// Whether existing frames may be replaced by fewer.
    public var consent: ReplaceConsent

    /// The highest `fps` accepted when the video does not state its frame rate.
    public static let maximumFPS = 240.0

    public init(input: URL, outputFolder: URL, fps: Double? = nil, format: ImageFormat = .png,
                consent: ReplaceConsent = ReplaceConsent(force: false)) {
        self.input = input
        self.outputFolder = outputFolder
        self.fps = fps
        self.format = format
        self.consent = consent
    }
}

extension VideoTools {
    /// Extracts frames as `00001.<ext>`, `00002.<ext>`, … (numbered from 1) into the output folder:
    /// `ffmpeg -i <input> -pix_fmt rgb24 [-q:v 2] [-vf fps=<fps>] <folder>/%05d.<ext>`.
    ///
    /// DFL passes `-r <fps>` instead of the `fps` filter; with ffmpeg 5 that keeps extra frames
    /// (12 instead of 10 from 2 s at 5 fps, unevenly spaced), while the filter gives exactly
    /// duration × fps evenly spaced frames. `fps` may not exceed the video's own rate (or
    /// `FrameExtraction.maximumFPS` when it states none): more would only repeat frames.
    ///
    /// ffmpeg writes into a hidden folder inside the output folder; only when it succeeded do the
    /// new frames replace the images of the same extension already there (each by one rename;
    /// the others of that extension are then deleted, as DFL deletes them all). Fewer frames
    /// than before replace them only with `consent`. Other files and subfolders (e.g. `aligned`)
    /// are kept. The folder is locked against a second masque process. Returns the frames, sorted.
    @discardableResult
    public func extractFrames(_ request: FrameExtraction, progress: ProgressUpdate? = nil) throws -> [URL] {
        if let fps = request.fps, !(fps.isFinite && fps >= 0) {
            throw MediaError.invalidOption(name: "--fps", value: "\(fps)", expected: "0 (every frame) or a positive number")
        }
        let folder = request.outputFolder
        guard folder.standardizedFileURL.path != request.input.standardizedFileURL.path else {
            throw MediaError.invalidOption(name: "--out", value: folder.path, expected: "a folder other than the video itself")
        }
        let info = try probe(request.input)
        if let fps = request.fps, fps > 0 {
            let highest = info.frameRate?.framesPerSecond ?? FrameExtraction.maximumFPS
            guard fps <= highest * (1 + 1e-9) else {
                let whose = info.frameRate == nil ? "Masque's maximum" : "the frame rate of \(request.input.path)"
                throw MediaError.invalidOption(name: "--fps", value: Self.decimal(fps),
                                               expected: "0 (every frame) to \(Self.decimal(highest)) (\(whose))")
            }
        }
        let fileExtension = ".\(request.format.rawValue)"
        if PathKind.of(folder) == .file { throw MediaError.notAFolder(path: folder.path) }
        let created = PathKind.of(folder) == .missing
        let lock: FolderLock
        do throws(FileError) {
            lock = try FolderLock.creating(folder)
        } catch {
            throw MediaError.refused(message: error.message)
        }
        var finished = false
        defer {
            // A folder this run created and left empty (ffmpeg failed, Ctrl-C) goes again.
            if created && !finished { _ = rmdir(folder.path) }
            withExtendedLifetime(lock) {}
        }
        let staging = TemporaryName.beside(folder.appendingPathComponent("frames"))
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw MediaError.fileOperationFailed(path: folder.path, reason: "cannot be written (\(FileError.reason(error)))")
        }
        InterruptGuard.shared.trackTemporary(staging)
        defer {
            try? FileManager.default.removeItem(at: staging)
            InterruptGuard.shared.forgetTemporary(staging)
        }

        var arguments = ["-i", request.input.path, "-pix_fmt", "rgb24"]
        if request.format == .jpg { arguments += ["-q:v", "2"] }
        var expected = info.estimatedFrameCount
        if let fps = request.fps, fps > 0 {
            arguments += ["-vf", "fps=\(Self.decimal(fps))"]
            expected = info.duration.flatMap { Int(exactly: ($0 * fps).rounded()) }
        }
        let total = expected
        arguments.append(staging.appendingPathComponent("%05d\(fileExtension)").path)

        let extracted = try InterruptGuard.shared.guarding {
            try runFFmpeg(arguments, subject: request.input.path, onFrames: { frames in progress?(frames, total) })
            return try ImageFolder.images(in: staging, extensions: [fileExtension])
        }
        let old = try ImageFolder.images(in: folder, extensions: [fileExtension])
        if extracted.count < old.count {
            do throws(FileError) {
                try request.consent.confirm(
                    path: folder.path, loss: "holds \(old.count) \(request.format.rawValue) frames and the video gives \(extracted.count)")
            } catch {
                throw MediaError.refused(message: error.message)
            }
        }
        var frames: [URL] = []
        for frame in extracted {
            let target = folder.appendingPathComponent(frame.lastPathComponent)
            do throws(FileError) {
                try AtomicFile.move(frame, over: target, syncingFolder: false)
            } catch {
                throw MediaError.fileOperationFailed(path: target.path, reason: FileError.reason(error))
            }
            frames.append(target)
        }
        let kept = Set(frames.map(\.lastPathComponent))
        for stale in old where !kept.contains(stale.lastPathComponent) {
            do {
                try FileManager.default.removeItem(at: stale)
            } catch {
                throw MediaError.fileOperationFailed(path: stale.path, reason: FileError.reason(error))
            }
        }
        AtomicFile.syncFolder(folder)
        finished = true
        progress?(frames.count, frames.count)
        return frames
    }

    /// A number as ffmpeg reads it: `25` for whole numbers, `29.97` otherwise.
    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
