import FaceSet
import Foundation
import Media
import Tensors
import Support
import Workspace

/// One run of DFL's faceset extraction (steps 4, 5 and 5 MANUAL RE-EXTRACT) as a front end asks
/// for it: the CLI's `extract-faces` and `masque demo` build one and call `run`. The rules that
/// used to sit in the CLI live here: defaults per model set, size and quality ranges, the
/// `data_dst` debug rule, the smoothing rate and thread counts.
public struct FaceExtractionRequest: Sendable {
    /// Folder of frames to read.
    public var inputFolder: URL
    /// Folder the aligned faces go to.
    public var outputFolder: URL
    /// The frames are the workspace's destination (`data_dst`): debug images are always written
    /// and the smoothing rate defaults to the dst video's.
    public var isDestination: Bool
    /// The workspace the frames belong to, when they come from one (for the dst video's rate).
    public var workspace: WorkspaceLayout?
    /// DFL's face type of the aligned faces (`FaceType.markOnly` is refused).
    public var faceType: FaceType = .wholeFace
    /// Side of the aligned faces in pixels, `imageSizeRange`; nil: 512 (768 for head).
    public var imageSize: Int?
    /// JPEG quality of the aligned faces, `jpegQualityRange`.
    public var jpegQuality = 90
    /// Keep at most this many faces per frame, largest first; 0 keeps all.
    public var maxFaces = 0
    /// Detector; nil: S3FD when `dflModels` is given, else CenterFace.
    public var detector: FaceDetectorKind?
    /// Landmarker; nil: 2DFAN when `dflModels` is given, else FaceMesh.
    public var landmarker: LandmarkerKind?
    /// Compute device.
    public var device: Device = .cpu
    /// Write debug images even for a source folder.
    public var writeDebugImages = false
    /// Folder holding DFL's own S3FD.npy, 2DFAN.npy and 3DFAN.npy.
    public var dflModels: URL?
    /// Keep only faces of the person in these images.
    public var referenceImages: [URL] = []
    /// Largest dlib embedding distance still counted as the same person (> 0).
    public var identityThreshold: Float = FaceEmbedding.samePersonDistance
    /// Smooth landmarks across consecutive frames.
    public var smoothLandmarks = false
    /// Frames per second smoothing assumes; nil: the workspace's dst video's, else 30.
    public var smoothingFrameRate: Double?
    /// Re-extract only frames whose debug image was deleted.
    public var reextractDeletedDebug = false
    /// JSON of hand-placed faces per frame for re-extraction.
    public var manualFaces: URL?
    /// Worker threads; nil: one per core.
    public var workers: Int?

    /// Sizes an aligned face may have, in pixels.
    public static let imageSizeRange = 256...2048
    /// JPEG qualities accepted.
    public static let jpegQualityRange = 1...100

    /// A request reading `inputFolder` and writing `outputFolder`; a folder named `data_dst`
    /// counts as the destination, as in DFL.
    public init(inputFolder: URL, outputFolder: URL) {
        self.inputFolder = inputFolder
        self.outputFolder = outputFolder
        isDestination = inputFolder.standardizedFileURL.lastPathComponent == "data_dst"
    }

    /// The workspace's `data_src` → `data_src/aligned`, or `data_dst` → `data_dst/aligned`.
    public init(workspace: WorkspaceLayout, destination: Bool) {
        self.init(inputFolder: destination ? workspace.destinationFrames : workspace.sourceFrames,
                  outputFolder: destination ? workspace.destinationAligned : workspace.sourceAligned)
        self.workspace = workspace
        isDestination = destination
    }

    /// Throws an `ExtractionError` naming the first setting out of range.
    public func validate() throws {
        guard faceType != .markOnly else {
            throw ExtractionError("face type mark_only cannot be extracted (use half_face, midfull_face, full_face, whole_face or head)")
        }
        if let imageSize, !Self.imageSizeRange.contains(imageSize) {
            throw ExtractionError("--image-size must be 256–2048 (got \(imageSize))")
        }
        guard Self.jpegQualityRange.contains(jpegQuality) else {
            throw ExtractionError("--jpeg-quality must be 1–100 (got \(jpegQuality))")
        }
        guard maxFaces >= 0 else { throw ExtractionError("--max-faces must be 0 (all) or more (got \(maxFaces))") }
        guard identityThreshold > 0, identityThreshold.isFinite else {
            throw ExtractionError("--identity-threshold must be a positive distance (got \(identityThreshold))")
        }
        if let smoothingFrameRate, !(smoothingFrameRate > 0 && smoothingFrameRate.isFinite) {
            throw ExtractionError("--fps must be a positive number of frames per second")
        }
    }

    /// The detector that runs: the one asked for, else DFL's S3FD with `dflModels`, else CenterFace.
    public var effectiveDetector: FaceDetectorKind { detector ?? (dflModels == nil ? .centerface : .s3fd) }
    /// The landmarker that runs: the one asked for, else DFL's 2DFAN with `dflModels`, else FaceMesh.
    public var effectiveLandmarker: LandmarkerKind { landmarker ?? (dflModels == nil ? .facemesh : .fan) }

    /// Builds the extractor and runs the job; `progress` gets (frames done, frames in all).
    public func run(store: ModelStore = .standard(),
                    progress: @escaping ProgressUpdate = { _, _ in }) throws -> ExtractionJob.Report {
        try validate()
        let dflFolder = try dflModels.map { try DFLModelFolder($0) }
        let settings = ExtractionSettings(
            faceType: faceType, imageSize: imageSize, jpegQuality: jpegQuality, maxFaces: maxFaces,
            writeDebugImages: writeDebugImages || isDestination || reextractDeletedDebug,
            smoothLandmarks: smoothLandmarks, frameRate: smoothLandmarks ? smoothingRate() : 30,
            batchDetection: device != .cpu)
        let extractor = FaceExtractor(
            detector: try effectiveDetector.make(store: store, dflModels: dflFolder, device: device),
            landmarker: try effectiveLandmarker.make(store: store, dflModels: dflFolder, faceType: faceType, device: device),
            settings: settings)
        if device == .cpu { Runtime.threadCount = 1 }
        let identityFilter = try referenceImages.isEmpty ? nil : ReferenceIdentityFilter(
            referenceImages: referenceImages,
            embedder: try FaceEmbedder(contentsOf: try store.file(for: ModelCatalog.dlibFaceEmbedding), device: device),
            threshold: identityThreshold, locate: { try extractor.locateFaces(in: $0) })
        let job = ExtractionJob(inputFolder: inputFolder, outputFolder: outputFolder, extractor: extractor,
                                identityFilter: identityFilter,
                                manualFaces: try manualFaces.map { try ManualFaces(contentsOf: $0) },
                                onlyFramesWithoutDebugImages: reextractDeletedDebug,
                                workers: workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount))
        return try job.run(progress: progress)
    }

    /// The frame rate landmark smoothing assumes: the one given, else the dst video's when the
    /// frames come from a workspace's dst and its video is still there, else 30.
    func smoothingRate() -> Double {
        if let smoothingFrameRate { return smoothingFrameRate }
        guard isDestination, let workspace, let video = try? workspace.destinationVideo(),
              let rate = try? VideoTools().probe(video).frameRate else { return 30 }
        return rate.framesPerSecond
    }
}
