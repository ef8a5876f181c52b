import Foundation
import Support

/// DFL's `facesettool resize` over a folder (`mainscripts/FacesetResizer.py`): every aligned face
/// resized into `<folder>_resized`, which can then replace the originals.
///
/// Nothing is half-written: the faces are resized into a hidden folder beside `folder` and moved
/// into `<folder>_resized` only when every one of them succeeded; an error removes that folder
/// and leaves `folder` and `<folder>_resized` as they were.
public enum FacesetResizer {
    /// What a resize did.
    public struct Report: Sendable {
        /// `<folder>_resized`.
        public var output: URL
        /// The file names of the resized faces.
        public var resized: [String]
        /// Faces left out, with the reason (DFL resizes square faces only).
        public var skipped: [FacesetError]
    }

    /// The folder DFL writes the resized faces to: `<folder>_resized` beside `folder`.
    public static func outputFolder(for folder: URL) -> URL {
        let folder = folder.standardizedFileURL
        return folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + "_resized", isDirectory: true)
    }

    /// Resizes every aligned face of `folder` into `<folder>_resized` on `workers` threads;
    /// `progress(done, total)` is called after each face. Every image file in `folder` must be an
    /// aligned face (`.jpg` with DFL metadata); anything else is an error naming the file.
    ///
    /// Images already in `<folder>_resized` are deleted, as DFL does, but only with `consent`
    /// (DFL asks): without it nothing is resized and the error says how many would go. Both
    /// input folder is locked against a second masque process while the faces are written.
    @discardableResult
    public static func resize(folder: URL, options: FacesetResizeOptions,
                              consent: ReplaceConsent = ReplaceConsent(force: false),
                              workers: Int = min(8, ProcessInfo.processInfo.activeProcessorCount),
                              progress: @escaping ProgressUpdate = { _, _ in }) throws(FacesetError) -> Report {
        let inputLock = try FacesetFolder.lock(folder)
        let faces = try FacesetFolder.alignedFaceFiles(in: folder)
        let output = outputFolder(for: folder)
        let parent = output.deletingLastPathComponent()
        switch PathKind.of(output) {
        case .file:
            throw FacesetError(file: output.path, reason: "exists and is a file, not a folder; move it away")
        case .folder:
            let old = try FacesetFolder.imageFiles(in: output)
            if !old.isEmpty {
                do throws(FileError) {
                    try consent.confirm(path: output.path, loss: "already holds \(old.count) images that the resize would delete")
                } catch {
                    throw FacesetError(file: output.path, reason: error.message.replacingOccurrences(of: output.path + " ", with: ""))
                }
            }
        case .missing:
            break
        }
        defer { withExtendedLifetime(inputLock) {} }
        TemporaryName.removeLeftovers(in: parent)
        let staging = TemporaryName.beside(output)
        try createFolder(staging)
        let outcomes = resizeAll(faces, into: staging, options: options, workers: workers, progress: progress)
        var resized: [String] = []
        var skipped: [FacesetError] = []
        for outcome in outcomes {
            switch outcome {
            case .resized(let name): resized.append(name)
            case .skipped(let reason): skipped.append(reason)
            case .failed(let error):
                try? FileManager.default.removeItem(at: staging)
                throw error
            case .notRun: continue
            }
        }
        do {
            try publish(resized, from: staging, to: output)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        return Report(output: output, resized: resized, skipped: skipped)
    }

    /// Moves the faces `report` lists from `<folder>_resized` over the originals in `folder`
    /// (each an atomic rename), then removes `<folder>_resized` if nothing else is left in it.
    public static func replaceOriginals(in folder: URL, with report: Report) throws(FacesetError) {
        try FacesetFolder.replaceFiles(report.resized, in: folder, from: report.output)
    }

    /// What became of one face.
    private enum FaceOutcome: Sendable {
        case resized(String)
        case skipped(FacesetError)
        case failed(FacesetError)
        /// Not attempted because another face failed first.
        case notRun
    }

    private static func resizeAll(_ faces: [URL], into staging: URL, options: FacesetResizeOptions, workers: Int,
                                  progress: @escaping ProgressUpdate) -> [FaceOutcome] {
        let state = WorkState()
        return ParallelMap.map(faces, workers: max(1, workers)) { url -> FaceOutcome in
            guard !state.isStopped else { return .notRun }
            let outcome: FaceOutcome
            do throws(FacesetError) {
                switch try AlignedFaceResize.resize(jpeg: try readFile(url), sourceName: url.path, options: options) {
                case .resized(let bytes):
                    try writeFile(bytes, to: staging.appendingPathComponent(url.lastPathComponent))
                    outcome = .resized(url.lastPathComponent)
                case .skipped(let reason):
                    outcome = .skipped(reason)
                }
            } catch {
                state.stop()
                outcome = .failed(error)
            }
            progress(state.finishOne(), faces.count)
            return outcome
        }
    }

    /// Moves the staged faces into `output` after deleting the images already there, then removes
    /// the staging folder.
    private static func publish(_ names: [String], from staging: URL, to output: URL) throws(FacesetError) {
        if PathKind.of(output) == .folder {
            for old in try FacesetFolder.imageFiles(in: output) {
                do {
                    try FileManager.default.removeItem(at: old)
                } catch {
                    throw FacesetError(file: old.path, reason: "cannot be removed (\(error.localizedDescription))")
                }
            }
        } else {
            try createFolder(output)
        }
        for name in names {
            let target = output.appendingPathComponent(name)
            do throws(FileError) {
                try AtomicFile.move(staging.appendingPathComponent(name), over: target, syncingFolder: false)
            } catch {
                throw FacesetError(file: target.path, reason: "cannot be written (\(FileError.reason(error)))")
            }
        }
        AtomicFile.syncFolder(output)
        try? FileManager.default.removeItem(at: staging)
    }

    private static func createFolder(_ url: URL) throws(FacesetError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        } catch {
            let reason = FileError.reason(error)
            if TemporaryName.owner(of: url.lastPathComponent) != nil {  // the staging folder: name the folder it goes in
                throw FacesetError(file: url.deletingLastPathComponent().path, reason: "cannot be written (\(reason)); check its permissions")
            }
            throw FacesetError(file: url.path, reason: "cannot be created (\(reason)); check the permissions of its folder")
        }
    }

    private static func readFile(_ url: URL) throws(FacesetError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    private static func writeFile(_ bytes: [UInt8], to url: URL) throws(FacesetError) {
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw FacesetError(file: url.path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }

    /// Shared by the workers: whether a face failed (the others then stop), and how many are done.
    private final class WorkState: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        private var done = 0

        var isStopped: Bool { lock.withLock { stopped } }
        func stop() { lock.withLock { stopped = true } }
        /// Counts one more face done; returns the count.
        func finishOne() -> Int {
            lock.withLock {
                done += 1
                return done
            }
        }
    }
}
