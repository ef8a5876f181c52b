import Foundation
import Support

/// What `VideoTools.denoiseFrames` does: DFL's `denoise-image-sequence`.
public struct FrameDenoise: Sendable, Equatable {
    /// The folder of frames, denoised in place; all images must share one extension.
    public var folder: URL
    /// Filter strength, 1–20 (DFL's default 7): hqdn3d's spatial luma and chroma strength.
    public var factor: Int

    public init(folder: URL, factor: Int = 7) {
        self.folder = folder
        self.factor = factor
    }
}

extension VideoTools {
    /// Denoises a frame sequence in place with ffmpeg's temporal `hqdn3d` filter, keeping the
    /// file names: `ffmpeg -i %6d<ext> -filter_complex [0]hqdn3d=f:f:5:5[s0] -map [s0]
    /// [-q:v 2 for JPEG] %6d<ext>` over the frames in sorted order, as DFL runs it.
    ///
    /// Unlike DFL, the originals are never renamed: ffmpeg reads them through numbered links in a
    /// hidden work folder (`TemporaryName`) and writes there. Every frame is checked whole before
    /// (a cut-short or non-image file is an error naming it) and every output after; only then is
    /// a journal written and each original replaced by one atomic rename. Killed before the
    /// journal, the next run removes the work folder and starts again from untouched frames;
    /// killed after it, the next run finishes the replacements instead of denoising twice. The
    /// folder is locked against a second masque process. Returns the number of frames denoised.
    @discardableResult
    public func denoiseFrames(_ request: FrameDenoise, progress: ProgressUpdate? = nil) throws -> Int {
        guard (1...20).contains(request.factor) else {
            throw MediaError.invalidOption(name: "--factor", value: "\(request.factor)", expected: "1 to 20")
        }
        let folder = request.folder
        let frames = try ImageFolder.images(in: folder)
        let lock: FolderLock
        do throws(FileError) {
            lock = try FolderLock(folder, keep: { DenoiseWork.isWorkFolder($0) && DenoiseWork.hasJournal($0) })
        } catch {
            throw MediaError.refused(message: error.message)
        }
        defer { withExtendedLifetime(lock) {} }
        if let finished = try DenoiseWork.finishInterrupted(in: folder) {
            progress?(finished, finished)
            return finished
        }
        guard let suffix = frames.first.map(ImageFolder.suffix(of:)) else {
            throw MediaError.noImages(folder: folder.path, extensions: FolderListing.imageExtensions.map { String($0.dropFirst()) })
        }
        let suffixes = Set(frames.map(ImageFolder.suffix(of:)))
        guard suffixes.count == 1 else {
            throw MediaError.mixedImageExtensions(folder: folder.path, extensions: suffixes.sorted())
        }
        if let format = ImageCompleteness.Format(fileExtension: suffix) {
            for frame in frames { try ImageCompleteness.check(frame, as: format) }
        }

        let work = try DenoiseWork(in: folder, frames: frames, suffix: suffix)
        InterruptGuard.shared.trackTemporary(work.folder)
        let outputs: [URL]
        do {
            outputs = try InterruptGuard.shared.guarding {
                var arguments = [
                    "-i", work.links.appendingPathComponent("%6d\(suffix)").path,
                    "-filter_complex", "[0]hqdn3d=\(request.factor):\(request.factor):5:5[s0]", "-map", "[s0]",
                ]
                if [".jpg", ".jpeg"].contains(suffix.lowercased()) { arguments += ["-q:v", "2"] }
                arguments.append(work.outputs.appendingPathComponent("%6d\(suffix)").path)
                let total = frames.count
                try runFFmpeg(arguments, subject: folder.path, onFrames: { done in progress?(done, total) })
                let outputs = work.outputNames.map { work.outputs.appendingPathComponent($0) }
                for output in outputs {
                    guard PathKind.of(output) == .file else {
                        throw MediaError.ffmpegFailed(file: folder.path, status: 0, detail: "it wrote no \(output.lastPathComponent)")
                    }
                    if let format = ImageCompleteness.Format(fileExtension: suffix) { try ImageCompleteness.check(output, as: format) }
                }
                try work.writeJournal()
                return outputs
            }
        } catch {
            try? FileManager.default.removeItem(at: work.folder)
            InterruptGuard.shared.forgetTemporary(work.folder)
            throw error
        }
        // From here on the work folder is the only copy of denoised frames not yet in place:
        // an interrupt must not delete it, the next run finishes from its journal.
        InterruptGuard.shared.forgetTemporary(work.folder)
        try work.replaceOriginals()
        progress?(outputs.count, outputs.count)
        return outputs.count
    }
}
