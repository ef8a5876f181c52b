import Foundation

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
    /// file names: frames are renamed to `<i:06>_<name>` and then `<i:06><ext>` in sorted order
    /// (DFL's renaming), filtered with `ffmpeg -i %6d<ext> -filter_complex
    /// [0]hqdn3d=f:f:5:5[s0] -map [s0] [-q:v 2 for JPEG] %6d<ext>`, and given their names back.
    ///
    /// Unlike DFL, ffmpeg writes into a hidden folder first and the denoised frames replace the
    /// originals only after it succeeded; on failure or Ctrl-C the originals keep their names
    /// and content. Returns the number of frames denoised.
    @discardableResult
    public func denoiseFrames(_ request: FrameDenoise, progress: MediaProgress? = nil) throws -> Int {
        guard (1...20).contains(request.factor) else {
            throw MediaError.invalidOption(name: "--factor", value: "\(request.factor)", expected: "1 to 20")
        }
        let folder = request.folder
        let frames = try ImageFolder.images(in: folder, extensions: ImageFolder.dflImageExtensions)
        guard let suffix = frames.first.map(ImageFolder.suffix(of:)) else {
            throw MediaError.noImages(folder: folder.path, extensions: ImageFolder.dflImageExtensions.map { String($0.dropFirst()) })
        }
        let suffixes = Set(frames.map(ImageFolder.suffix(of:)))
        guard suffixes.count == 1 else {
            throw MediaError.mixedImageExtensions(folder: folder.path, extensions: suffixes.sorted())
        }

        let numbered = frames.indices.map { folder.appendingPathComponent(String(format: "%06d", $0 + 1) + suffix) }
        let staging = frames.indices.map { folder.appendingPathComponent(String(format: "%06d_", $0 + 1) + frames[$0].lastPathComponent) }
        let workFolder = folder.appendingPathComponent(".denoise-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)

        return try InterruptGuard.shared.guarding {
            try Self.renameAll(from: frames, to: staging)
            do {
                try Self.renameAll(from: staging, to: numbered)
            } catch {
                try Self.renameAll(from: staging, to: frames)
                throw error
            }
            InterruptGuard.shared.trackTemporary(workFolder)
            defer {
                try? FileManager.default.removeItem(at: workFolder)
                InterruptGuard.shared.forgetTemporary(workFolder)
            }
            let filtered: Result<[URL], any Error> = Result {
                try FileManager.default.createDirectory(at: workFolder, withIntermediateDirectories: false)
                var arguments = [
                    "-i", folder.appendingPathComponent("%6d\(suffix)").path,
                    "-filter_complex", "[0]hqdn3d=\(request.factor):\(request.factor):5:5[s0]", "-map", "[s0]",
                ]
                if [".jpg", ".jpeg"].contains(suffix.lowercased()) { arguments += ["-q:v", "2"] }
                arguments.append(workFolder.appendingPathComponent("%6d\(suffix)").path)
                let total = frames.count
                try runFFmpeg(arguments, subject: folder.path, onFrames: { done in progress?(done, total) })
                let outputs = numbered.map { workFolder.appendingPathComponent($0.lastPathComponent) }
                for output in outputs where !FileManager.default.fileExists(atPath: output.path) {
                    throw MediaError.ffmpegFailed(file: folder.path, status: 0, detail: "it wrote no \(output.lastPathComponent)")
                }
                try InterruptGuard.shared.throwIfInterrupted()
                return outputs
            }
            try Self.renameAll(from: numbered, to: frames)
            try Self.replaceAll(frames, with: try filtered.get())
            progress?(frames.count, frames.count)
            return frames.count
        }
    }

    /// Renames `sources[i]` to `targets[i]`, refusing to overwrite; on failure undoes the renames
    /// already done and throws.
    private static func renameAll(from sources: [URL], to targets: [URL]) throws {
        for index in sources.indices {
            do {
                guard !FileManager.default.fileExists(atPath: targets[index].path) else {
                    throw MediaError.fileInTheWay(path: targets[index].path)
                }
                try moveFile(sources[index], to: targets[index])
            } catch {
                for undo in sources.indices.prefix(index).reversed() {
                    try? moveFile(targets[undo], to: sources[undo])
                }
                throw error
            }
        }
    }

    /// Atomically replaces each `originals[i]` with `replacements[i]` (rename over it).
    private static func replaceAll(_ originals: [URL], with replacements: [URL]) throws {
        for (original, replacement) in zip(originals, replacements) {
            try moveFile(replacement, to: original)
        }
    }

    /// `rename(2)`: atomic, replaces an existing target.
    private static func moveFile(_ source: URL, to target: URL) throws {
        guard rename(source.path, target.path) == 0 else {
            throw MediaError.fileOperationFailed(path: source.path, reason: String(cString: strerror(errno)))
        }
    }
}
