import Foundation
import Imaging
import Provenance
import Support

/// `masque merge` (DFL's `main.py merge`, reference §8): every frame of the frames folder merged
/// with the faces its aligned faces name, written as `merged/<stem>.png` and
/// `merged_mask/<stem>.png`. Frames go through in batches; each output file is written
/// atomically and the session file records finished frames after every batch, so a killed merge
/// resumes where it stopped, and frames whose settings or model changed are merged again.
public struct MergeRequest: Sendable {
    /// The frames (DFL's `data_dst`).
    public var framesFolder: URL
    /// The frames' aligned faces (DFL's `data_dst/aligned`, or its `faceset.pak`).
    public var alignedFolder: URL
    /// Where merged frames go (DFL's `data_dst/merged`).
    public var outputFolder: URL
    /// Where merged masks go (DFL's `data_dst/merged_mask`).
    public var maskFolder: URL
    /// The session file (settings, overrides, finished frames).
    public var sessionFile: URL
    /// Frames merged together (each network runs once per batch).
    public var batchSize = 8
    /// Threads for the work around the networks.
    public var workers = ParallelMap.allCores
    /// Seeds the random colour transfers (idt, sot).
    public var seed: UInt64 = 0

    /// The usual layout: `merged`, `merged_mask` and `merge_session.json` beside the frames.
    public init(framesFolder: URL, alignedFolder: URL? = nil) {
        self.framesFolder = framesFolder
        self.alignedFolder = alignedFolder ?? framesFolder.appendingPathComponent("aligned")
        outputFolder = framesFolder.appendingPathComponent("merged")
        maskFolder = framesFolder.appendingPathComponent("merged_mask")
        sessionFile = framesFolder.appendingPathComponent(MergeSession.fileName)
    }

    /// What a merge did.
    public struct Report: Sendable {
        /// Frames merged now, and frames already finished with the same model and settings.
        public var merged: Int
        public var alreadyDone: Int
        /// Frames with no face (written unchanged, with an empty mask).
        public var withoutFaces: Int
        /// Aligned images that name no frame (no DFL metadata).
        public var skippedFaces: [String]
        /// Frames the aligned faces name that the frames folder lacks (their faces are skipped).
        public var missingFrames: [String]
        /// What went wrong but was let pass (seamless clones OpenCV refused), with the frame.
        public var warnings: [String]
    }

    /// The frames of the frames folder, in DFL's order.
    public func frames() throws -> [URL] {
        guard PathKind.of(framesFolder) == .folder else {
            throw MergerError("\(framesFolder.path) is not a folder of frames: extract them first (masque extract-frames data_dst.mp4)")
        }
        let frames = try FolderListing.images(in: framesFolder)
        guard !frames.isEmpty else {
            throw MergerError("\(framesFolder.path) holds no frames: extract them first (masque extract-frames data_dst.mp4)")
        }
        return frames
    }

    /// Merges every frame not yet finished with `session`'s settings and `model`, updating the
    /// session file as frames finish; `progress(done, total)` counts the frames this run merges.
    public func run(model: MergeModel, session: MergeSession, progress: @escaping ProgressUpdate = { _, _ in }) throws -> Report {
        let frames = try frames()
        let stems = frames.map { $0.deletingPathExtension().lastPathComponent }
        let alignments = try FrameAlignments.read(alignedFolder: alignedFolder)
        let motions = alignments.motions(frameStems: stems)
        let locks = try [outputFolder, maskFolder].map { try FolderLock.creating($0) }
        defer { withExtendedLifetime(locks) {} }
        try removeStaleOutputs(keeping: Set(stems))
        var session = session
        var pending: [FrameBatch.Frame] = []
        var fingerprints: [String: String] = [:]
        for (index, frame) in frames.enumerated() {
            let stem = stems[index]
            let settings = try session.settings(forFrame: stem)
            let fingerprint = MergeSession.fingerprint(model: model.identity, settings: settings)
            if session.finished[stem] == fingerprint, outputsExist(stem) { continue }
            session.finished[stem] = nil
            fingerprints[stem] = fingerprint
            pending.append(FrameBatch.Frame(url: frame, index: index, landmarks: alignments.faces[stem] ?? [], settings: settings,
                                            motion: motions[index]))
        }
        let alreadyDone = frames.count - pending.count
        let known = Set(stems)
        let missing = alignments.faces.keys.filter { !known.contains($0) }.sorted()
        var report = Report(merged: 0, alreadyDone: alreadyDone, withoutFaces: 0, skippedFaces: alignments.skipped,
                            missingFrames: missing, warnings: [])
        progress(0, pending.count)
        try session.write(to: sessionFile)
        let batch = FrameBatch(model: model, workers: workers, seed: seed)
        for start in stride(from: 0, to: pending.count, by: max(1, batchSize)) {
            try InterruptGuard.shared.throwIfInterrupted()
            let chunk = Array(pending[start..<min(start + max(1, batchSize), pending.count)])
            let results = try batch.merge(chunk)
            _ = try ParallelMap.map(chunk.count, workers: workers) { index throws in
                let stem = chunk[index].url.deletingPathExtension().lastPathComponent
                try Self.write(results[index].image, label: model.label, to: outputFolder.appendingPathComponent(stem + ".png"))
                try Self.write(results[index].mask, label: model.label, to: maskFolder.appendingPathComponent(stem + ".png"))
            }
            for (frame, result) in zip(chunk, results) {
                let stem = frame.url.deletingPathExtension().lastPathComponent
                session.finished[stem] = fingerprints[stem]
                report.warnings += result.warnings.map { "\(frame.url.lastPathComponent): \($0)" }
                if frame.landmarks.isEmpty { report.withoutFaces += 1 }
            }
            report.merged += chunk.count
            try session.write(to: sessionFile)
            progress(report.merged, pending.count)
        }
        return report
    }

    /// Writes `image` as PNG (OpenCV's default compression, as DFL writes) carrying `label`, atomically.
    static func write(_ image: Image, label: SyntheticMediaLabel, to url: URL) throws {
        try AtomicFile.write(try PNGLabel.insert(label, into: try image.encoded(as: .png(compressionLevel: 1)), source: url.path), to: url)
    }

    private func outputsExist(_ stem: String) -> Bool {
        PathKind.of(outputFolder.appendingPathComponent(stem + ".png")) == .file
            && PathKind.of(maskFolder.appendingPathComponent(stem + ".png")) == .file
    }

    /// Removes merged images whose frame is gone (DFL empties both folders on a fresh merge), so
    /// the video of `merged/` holds exactly this clip's frames.
    private func removeStaleOutputs(keeping stems: Set<String>) throws {
        for folder in [outputFolder, maskFolder] {
            for url in try FolderListing.images(in: folder) where !stems.contains(url.deletingPathExtension().lastPathComponent) {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }
}
