import FaceSet
import Foundation
import Imaging
import Support

/// Extraction of a folder of frames into aligned faces (DFL steps 4, 5 and 8): frames are
/// decoded, searched and aligned on `workers` threads, faces written as DFL aligned JPEGs
/// (`<frame stem>_<n>.jpg`), debug images to the debug folder. A run that stops is resumed by
/// running it again: frames already done (listed in `.masque-extraction.log` in the output
/// folder) are skipped. Unreadable frames are reported at the end without stopping the run.
public struct ExtractionJob: Sendable {
    public var inputFolder: URL
    public var outputFolder: URL
    /// Where debug images go (DFL: `<output>_debug`, e.g. `data_dst/aligned_debug`).
    public var debugFolder: URL
    public var extractor: FaceExtractor
    /// Keeps only faces of one person, when set.
    public var identityFilter: (any IdentityFilter)?
    /// Hand-placed faces for some frames (re-extraction), used instead of the detector there.
    public var manualFaces: ManualFaces?
    /// DFL's "re-extract deleted aligned_debug": process only frames whose debug image is missing,
    /// replacing their aligned faces.
    public var onlyFramesWithoutDebugImages: Bool
    /// Frames processed at once (both cores busy: 2).
    public var workers: Int

    public init(inputFolder: URL, outputFolder: URL, debugFolder: URL? = nil, extractor: FaceExtractor,
                identityFilter: (any IdentityFilter)? = nil, manualFaces: ManualFaces? = nil,
                onlyFramesWithoutDebugImages: Bool = false, workers: Int = 2) {
        self.inputFolder = inputFolder
        self.outputFolder = outputFolder
        self.debugFolder = debugFolder ?? outputFolder.deletingLastPathComponent()
            .appendingPathComponent(outputFolder.lastPathComponent + "_debug")
        self.extractor = extractor
        self.identityFilter = identityFilter
        self.manualFaces = manualFaces
        self.onlyFramesWithoutDebugImages = onlyFramesWithoutDebugImages
        self.workers = max(1, workers)
    }

    /// What a run did.
    public struct Report: Sendable {
        public var framesProcessed = 0
        public var framesAlreadyDone = 0
        public var facesWritten = 0
        /// Frames in which no face was kept.
        public var framesWithoutFaces: [String] = []
        /// Frames skipped because they are smaller than `FaceExtractor.minimumFrameSide`.
        public var framesTooSmall: [String] = []
        /// Frames that could not be read or processed, with the reason.
        public var failedFrames: [(frame: String, reason: String)] = []
        /// Image files skipped because an earlier frame has the same name stem.
        public var framesWithRepeatedNames: [String] = []
    }

    static let logName = ".masque-extraction.log"

    /// The frames of a folder as DFL lists them: image files sorted by path; a file whose stem
    /// was already seen is skipped.
    public static func frames(in folder: URL) throws -> [URL] {
        try listFrames(in: folder).frames
    }

    /// The frames of `folder`, and the names of the image files skipped because an earlier one
    /// has the same stem (`00001.png` beside `00001.jpg`): their faces would share file names.
    static func listFrames(in folder: URL) throws -> (frames: [URL], repeated: [String]) {
        let images: [URL]
        do throws(FileError) {
            images = try FolderListing.images(in: folder)
        } catch {
            throw ExtractionError(error.message)
        }
        var seen: Set<String> = []
        var frames: [URL] = [], repeated: [String] = []
        for url in images {
            if seen.insert(url.deletingPathExtension().lastPathComponent).inserted {
                frames.append(url)
            } else {
                repeated.append(url.lastPathComponent)
            }
        }
        return (frames, repeated)
    }

    /// Runs the extraction; `progress(done, total)` is called after each frame, from the
    /// worker threads.
    ///
    /// Each worker takes the next frame and carries it through decode, detection, landmarks,
    /// alignment and writing, so the stages of different frames overlap and no worker waits for
    /// another. With batched detection (GPU devices) frames go in chunks of `workers × 8`: the
    /// chunk is decoded, its upright faces are detected in one batch and their landmarks placed
    /// in another, and the rest goes per frame.
    public func run(progress: @escaping ProgressUpdate = { _, _ in }) throws -> Report {
        let fileManager = FileManager.default
        let (frames, repeated) = try Self.listFrames(in: inputFolder)
        guard !frames.isEmpty else {
            throw ExtractionError("no frames (png, jpg or tif) in \(inputFolder.path) (extract them first with masque extract-frames)")
        }
        try manualFaces?.requireFrames(among: Set(frames.map(\.lastPathComponent)), in: inputFolder)
        if onlyFramesWithoutDebugImages, !fileManager.fileExists(atPath: debugFolder.path) {
            throw ExtractionError("\(debugFolder.path) does not exist, so no debug image was deleted; re-extraction redoes only frames whose debug image was deleted (extract with debug images first)")
        }
        for folder in [outputFolder] + (extractor.settings.writeDebugImages ? [debugFolder] : []) {
            do { try fileManager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw ExtractionError("cannot create \(folder.path): \(FileError.reason(error)) (check permissions and free space)")
            }
        }
        let lock: FolderLock
        do throws(FileError) {
            lock = try FolderLock(outputFolder)
        } catch {
            throw ExtractionError(error.message)
        }
        defer { withExtendedLifetime(lock) {} }
        let log = try ExtractionLog(url: outputFolder.appendingPathComponent(Self.logName), settings: extractor.settings)
        var report = Report()
        report.framesWithRepeatedNames = repeated
        var pending: [URL] = []
        for frame in frames {
            let stem = frame.deletingPathExtension().lastPathComponent
            if onlyFramesWithoutDebugImages {
                if fileManager.fileExists(atPath: debugFolder.appendingPathComponent(stem + ".jpg").path) { continue }
                try removeAlignedFaces(of: stem)
            } else if log.isDone(frame.lastPathComponent) {
                report.framesAlreadyDone += 1
                continue
            }
            pending.append(frame)
        }
        let smoother = extractor.settings.smoothLandmarks ? OrderedLandmarkSmoother(rate: extractor.settings.frameRate) : nil
        let tally = Tally(total: pending.count, progress: progress)
        let chunkSize = extractor.settings.batchDetection ? workers * 8 : max(pending.count, 1)
        var outcomes: [Result<Int, ExtractionError>] = []
        for start in stride(from: 0, to: pending.count, by: chunkSize) {
            let chunk = Array(pending[start..<min(start + chunkSize, pending.count)])
            let prepared = extractor.settings.batchDetection ? locateUpright(in: chunk) : nil
            outcomes += ParallelMap.map(Array(chunk.indices), workers: workers) { index in
                let frame = chunk[index]
                var located: Result<LocatedFrame, ExtractionError>
                if tally.isStopped {
                    located = .failure(ExtractionError("\(frame.path): not processed (the run stopped)"))
                } else {
                    located = locate(frame, image: prepared?[index].image ?? decode(frame), upright: prepared?[index].upright)
                }
                // Every frame passes the smoother, in order, even when it failed.
                if let smoother { located = smoother.smooth(located, order: start + index) }
                defer { tally.advance() }
                guard case .success(let found) = located else { return located.map { _ in 0 } }
                if FaceExtractor.isTooSmall(found.image) { tally.noteTooSmall(frame.lastPathComponent) }
                do {
                    let faces = try write(found, frame: frame)
                    try log.markDone(frame.lastPathComponent)
                    return .success(faces)
                } catch {
                    // Outputs that cannot be written stop the run: the next frames would fail alike.
                    tally.stop(error)
                    return .failure(ExtractionError("\(error)"))
                }
            }
            if tally.isStopped { break }
        }
        if let error = tally.stopError { throw error }
        for (frame, outcome) in zip(pending, outcomes) {
            switch outcome {
            case .success(let faces):
                report.framesProcessed += 1
                report.facesWritten += faces
                if tally.tooSmall.contains(frame.lastPathComponent) {
                    report.framesTooSmall.append(frame.lastPathComponent)
                } else if faces == 0 {
                    report.framesWithoutFaces.append(frame.lastPathComponent)
                }
            case .failure(let error):
                report.failedFrames.append((frame.lastPathComponent, error.message))
            }
        }
        return report
    }

    /// Frames counted as they finish, and the error that stops the run (an output or the log
    /// cannot be written).
    private final class Tally: @unchecked Sendable {
        private let total: Int
        private let progress: ProgressUpdate
        private var done = 0
        private var firstError: Error?
        private let lock = NSLock()

        init(total: Int, progress: @escaping ProgressUpdate) {
            self.total = total
            self.progress = progress
        }

        private var small: Set<String> = []

        var stopError: Error? { lock.withLock { firstError } }
        /// Frames found too small to search.
        var tooSmall: Set<String> { lock.withLock { small } }
        func noteTooSmall(_ name: String) { _ = lock.withLock { small.insert(name) } }
        var isStopped: Bool { stopError != nil }
        func stop(_ error: Error) { lock.withLock { if firstError == nil { firstError = error } } }
        func advance() {
            let count = lock.withLock { done += 1; return done }
            progress(count, total)
        }
    }

    private func decode(_ frame: URL) -> Result<Image, ExtractionError> {
        do { return .success(FaceExtractor.prepare(try Image(contentsOf: frame, mode: .unchanged))) } catch {
            return .failure(ExtractionError("\(error)"))
        }
    }

    /// The chunk's frames decoded, with the upright faces and landmarks of those the detector
    /// runs on, found in one batch (nil where the batch failed: those frames go the per-frame
    /// way, which reports the error).
    private func locateUpright(in chunk: [URL])
        -> [(image: Result<Image, ExtractionError>, upright: [LocatedFace]?)] {
        let decoded = ParallelMap.map(chunk, workers: workers) { decode($0) }
        var upright = [[LocatedFace]?](repeating: nil, count: chunk.count)
        let images = decoded.enumerated().compactMap { index, result -> (Int, Image)? in
            guard case .success(let image) = result, manualFaces?.faces[chunk[index].lastPathComponent] == nil else { return nil }
            return (index, image)
        }
        if let found = try? locator.locateUprightFaces(in: images.map(\.1)) {
            for ((index, _), faces) in zip(images, found) { upright[index] = faces }
        }
        return Array(zip(decoded, upright)).map { (image: $0.0, upright: $0.1) }
    }

    private func locate(_ frame: URL, image result: Result<Image, ExtractionError>,
                        upright: [LocatedFace]?) -> Result<LocatedFrame, ExtractionError> {
        let image: Image
        switch result {
        case .success(let decodedImage): image = decodedImage
        case .failure(let error): return .failure(error)
        }
        do {
            if let manual = manualFaces?.faces[frame.lastPathComponent] {
                return .success(LocatedFrame(image: image, faces: try placeManually(manual, in: image), placedByHand: true))
            }
            var faces = try locator.locateFaces(in: image, upright: upright)
            if let identityFilter {
                faces = try faces.filter { try identityFilter.matches(frame: image, detection: $0.detection, landmarks: $0.landmarks) }
                faces = extractor.kept(faces)
            }
            return .success(LocatedFrame(image: image, faces: faces))
        } catch {
            return .failure(ExtractionError("\(frame.path): \(error)"))
        }
    }

    /// The extractor that finds the faces: with an identity filter it keeps every face, so that
    /// `maxFaces` counts only the faces of the person.
    private var locator: FaceExtractor { identityFilter == nil ? extractor : extractor.keepingEveryFace() }

    private func placeManually(_ list: [ManualFaces.Face], in image: Image) throws -> [LocatedFace] {
        try list.map { face in
            if let points = face.landmarks {
                let landmarks = points.map { SIMD2($0[0], $0[1]) }
                let xs = landmarks.map(\.x), ys = landmarks.map(\.y)
                let box = face.box ?? [xs.min()!, ys.min()!, xs.max()!, ys.max()!]
                return LocatedFace(detection: FaceDetection(left: box[0], top: box[1], right: box[2], bottom: box[3], score: 1), landmarks: landmarks)
            }
            let box = face.box!
            let detection = FaceDetection(left: box[0], top: box[1], right: box[2], bottom: box[3], score: 1)
            return LocatedFace(detection: detection, landmarks: try extractor.landmarker.landmarks(in: image, face: detection))
        }
    }

    /// Writes the frame's aligned faces (and its debug image); the number of faces written.
    /// Throws when an output cannot be written (a full disk, a read-only folder).
    private func write(_ found: LocatedFrame, frame: URL) throws(ExtractionError) -> Int {
        let settings = extractor.settings
        let stem = frame.deletingPathExtension().lastPathComponent
        var debug = settings.writeDebugImages ? found.image : nil
        var index = 0
        do {
            for face in found.faces {
                guard let aligned = extractor.align(frame: found.image, frameName: frame.lastPathComponent, detection: face.detection,
                                                    landmarks: face.landmarks, placedByHand: found.placedByHand) else { continue }
                let url = outputFolder.appendingPathComponent("\(stem)_\(index).jpg")
                try AlignedFaceImage(image: aligned.image, quality: settings.jpegQuality, face: aligned.metadata, sourceName: url.path)
                    .write(to: url)
                if debug != nil { DebugImage.draw(aligned, size: settings.imageSize, on: &debug!) }
                index += 1
            }
            if let debug {
                try debug.write(to: debugFolder.appendingPathComponent(stem + ".jpg"), as: .jpeg(quality: 50))
            }
        } catch {
            throw ExtractionError("cannot write the faces of \(frame.lastPathComponent): \(error) (free disk space or check permissions, then run again to resume)")
        }
        return index
    }

    private func removeAlignedFaces(of stem: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outputFolder.path)) ?? []
        for name in names where name.hasPrefix(stem + "_") && name.lowercased().hasSuffix(".jpg") {
            let rest = name.dropFirst(stem.count + 1).dropLast(4)
            guard Int(rest) != nil else { continue }
            try FileManager.default.removeItem(at: outputFolder.appendingPathComponent(name))
        }
    }
}
