import FaceGeometry
import FaceSet
import Foundation
import Media
import Support
import Tensors
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
    /// Side of the aligned faces in pixels (`FaceExtractionOptions.imageSize`); nil: 512 (768 for head).
    public var imageSize: Int?
    /// JPEG quality of the aligned faces (`FaceExtractionOptions.jpegQuality`).
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

    /// Throws an `ExtractionError` naming the first setting outside its `FaceExtractionOptions`
    /// declaration.
    public func validate() throws {
        do throws(OptionError) {
            _ = try FaceExtractionOptions.faceType.checked(.string(faceType.name))
            if let imageSize { _ = try FaceExtractionOptions.imageSize.checked(.int(imageSize)) }
            _ = try FaceExtractionOptions.jpegQuality.checked(.int(jpegQuality))
            _ = try FaceExtractionOptions.maxFaces.checked(.int(maxFaces))
            _ = try FaceExtractionOptions.identityThreshold.checked(.double(Double(identityThreshold)))
            if let smoothingFrameRate { _ = try FaceExtractionOptions.fps.checked(.double(smoothingFrameRate)) }
        } catch {
            throw ExtractionError(error.message)
        }
    }

    /// Sets an option given as text (a command line, a form): `face_type`, `detector` and
    /// `landmarker` by name, the numbers checked against their declarations. Throws one line
    /// naming the flag and what it takes.
    public mutating func set(_ option: OptionDescriptor, to text: String) throws(OptionError) {
        let value = try option.checked(.string(text))
        switch option.name {
        case FaceExtractionOptions.faceType.name:
            guard let type = value.stringValue.flatMap(FaceType.init(option:)) else { throw OptionError("\(option.flag) '\(text)' names no face type") }
            faceType = type
        case FaceExtractionOptions.detector.name: detector = value.stringValue.flatMap(FaceDetectorKind.init(rawValue:))
        case FaceExtractionOptions.landmarker.name: landmarker = value.stringValue.flatMap(LandmarkerKind.init(rawValue:))
        case FaceExtractionOptions.imageSize.name: imageSize = value.intValue
        case FaceExtractionOptions.jpegQuality.name: jpegQuality = value.intValue ?? jpegQuality
        case FaceExtractionOptions.maxFaces.name: maxFaces = value.intValue ?? maxFaces
        case FaceExtractionOptions.identityThreshold.name: identityThreshold = Float(value.doubleValue ?? Double(identityThreshold))
        case FaceExtractionOptions.fps.name: smoothingFrameRate = value.doubleValue
        default: throw OptionError("\(option.flag) is not an extraction option")
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
