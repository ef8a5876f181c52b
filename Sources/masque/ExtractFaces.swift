import ArgumentParser
import FaceAnalysis
import FaceSet
import Foundation
import Media
import Tensors
import Workspace

/// `masque extract-faces src|dst`: DFL's faceset extraction (steps 4, 5 and 8).
struct ExtractFaces: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-faces",
        abstract: "Detect faces, place 68 landmarks and write aligned faces with DFL metadata.",
        discussion: """
            `src` reads workspace/data_src and writes workspace/data_src/aligned; `dst` reads workspace/data_dst \
            and writes data_dst/aligned plus data_dst/aligned_debug. A second run resumes where the first stopped.
            """)

    @Argument(help: "src or dst (DFL's data_src / data_dst); or give --input and --out.")
    var which: WorkspaceSide?

    @Option(help: "The workspace folder.")
    var workspace: String = "workspace"

    @Option(help: "Folder of frames (instead of src|dst).")
    var input: String?

    @Option(help: "Folder for the aligned faces (default: <input>/aligned).")
    var out: String?

    @Option(name: .customLong("face-type"), help: "half_face (h), midfull_face (mf), full_face (f), whole_face (wf) or head.")
    var faceType: String = "wf"

    @Option(help: "Side of the aligned faces in pixels, 256–2048 (default 512, 768 for head).")
    var imageSize: Int?

    @Option(help: "JPEG quality of the aligned faces, 1–100.")
    var jpegQuality: Int = 90

    @Option(help: "Keep at most this many faces per frame, largest first (0 = all; 0 or more).")
    var maxFaces: Int = 0

    @Option(help: "Face detector: centerface, blazeface or s3fd (s3fd needs --dfl-models; default: s3fd with --dfl-models, else centerface).")
    var detector: String?

    @Option(help: "Landmarker: facemesh, dlib (its weights bar commercial use) or 2dfan (needs --dfl-models; default: 2dfan with --dfl-models, else facemesh).")
    var landmarker: String?

    @Option(help: "Compute device: auto, cpu, cuda or cuda:N.")
    var device: String = "auto"

    @Flag(help: "Write debug images (always on for dst and for an --input folder named data_dst).")
    var debug = false

    @Option(help: "Folder holding DFL's own S3FD.npy, 2DFAN.npy, 3DFAN.npy; they then detect and place landmarks unless --detector or --landmarker say otherwise.")
    var dflModels: String?

    @Option(parsing: .upToNextOption, help: "Keep only faces of the person in these images (aligned faces or photos).")
    var reference: [String] = []

    @Option(help: "Largest dlib embedding distance still counted as the same person.")
    var identityThreshold: Float = 0.6

    @Flag(help: "Smooth landmarks across consecutive frames (dst).")
    var smooth = false

    @Option(help: "Frames per second that --smooth assumes (default: the workspace's data_dst video's, else 30).")
    var fps: Double?

    @Flag(help: "Re-extract only frames whose debug image was deleted (DFL step 5 MANUAL RE-EXTRACT DELETED ALIGNED_DEBUG).")
    var reextractDeletedDebug = false

    @Option(help: "JSON of hand-placed faces per frame for re-extraction: {\"00001.png\": [{\"box\": [l,t,r,b]}]}.")
    var manualFaces: String?

    func run() throws {
        try CommandFailure.reporting { try extract() }
    }
}

/// Which half of a DFL workspace a command works on.
enum WorkspaceSide: String, ExpressibleByArgument, CaseIterable {
    case src, dst
}

extension ExtractFaces {
    private func extract() throws {
        let layout = WorkspaceLayout(root: URL(fileURLWithPath: workspace))
        let inputFolder: URL
        let outputFolder: URL
        switch (which, input) {
        case (.src?, nil):
            (inputFolder, outputFolder) = (layout.sourceFrames, layout.sourceAligned)
        case (.dst?, nil):
            (inputFolder, outputFolder) = (layout.destinationFrames, layout.destinationAligned)
        case (nil, let folder?):
            inputFolder = URL(fileURLWithPath: folder)
            outputFolder = out.map { URL(fileURLWithPath: $0) } ?? inputFolder.appendingPathComponent("aligned")
        default:
            throw ValidationError("give src, dst, or --input DIR (not both)")
        }
        let outputs = which == nil ? outputFolder : (out.map { URL(fileURLWithPath: $0) } ?? outputFolder)
        guard let type = FaceType(name: faceType) ?? FaceType(shortName: faceType), type != .markOnly else {
            throw ValidationError("unknown --face-type '\(faceType)' (use half_face, midfull_face, full_face, whole_face, head or h, mf, f, wf)")
        }
        if let imageSize, !(256...2048).contains(imageSize) { throw ValidationError("--image-size must be 256–2048") }
        guard (1...100).contains(jpegQuality) else { throw ValidationError("--jpeg-quality must be 1–100") }
        guard maxFaces >= 0 else { throw ValidationError("--max-faces must be 0 (all) or more") }
        let detector = detector ?? (dflModels == nil ? FaceDetectorKind.centerface : .s3fd).rawValue
        let landmarker = landmarker ?? (dflModels == nil ? LandmarkerKind.facemesh : .fan).rawValue
        guard let detectorKind = FaceDetectorKind(rawValue: detector) else {
            throw ValidationError("unknown --detector '\(detector)' (use \(FaceDetectorKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let landmarkerKind = LandmarkerKind(rawValue: landmarker) else {
            throw ValidationError("unknown --landmarker '\(landmarker)' (use \(LandmarkerKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let computeDevice = try Device(parsing: device)
        let dflFolder = try dflModels.map { try DFLModelFolder(URL(fileURLWithPath: $0)) }
        let store = ModelStore.standard()
        let isDestination = which == .dst || inputFolder.standardizedFileURL.lastPathComponent == "data_dst"
        let settings = ExtractionSettings(faceType: type, imageSize: imageSize, jpegQuality: jpegQuality, maxFaces: maxFaces,
                                          writeDebugImages: debug || isDestination || reextractDeletedDebug,
                                          smoothLandmarks: smooth, frameRate: smooth ? try smoothingRate(layout) : 30,
                                          batchDetection: computeDevice != .cpu)
        let extractor = FaceExtractor(
            detector: try detectorKind.make(store: store, dflModels: dflFolder, device: computeDevice),
            landmarker: try landmarkerKind.make(store: store, dflModels: dflFolder, faceType: type, device: computeDevice),
            settings: settings)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        if computeDevice == .cpu { Runtime.threadCount = 1 }
        let identityFilter = try reference.isEmpty ? nil : ReferenceIdentityFilter(
            referenceImages: reference.map { URL(fileURLWithPath: $0) },
            embedder: try FaceEmbedder(contentsOf: try store.file(for: ModelCatalog.dlibFaceEmbedding), device: computeDevice),
            threshold: identityThreshold, locate: { try extractor.locateFaces(in: $0) })
        let job = ExtractionJob(inputFolder: inputFolder, outputFolder: outputs, extractor: extractor, identityFilter: identityFilter,
                                manualFaces: try manualFaces.map { try ManualFaces(contentsOf: URL(fileURLWithPath: $0)) },
                                onlyFramesWithoutDebugImages: reextractDeletedDebug, workers: workers)
        let report = try CommandProgress.show("Extracting faces", unit: "frames") { progress in
            try job.run { done, total in progress(done, total) }
        }
        print("\(report.facesWritten) faces from \(report.framesProcessed) frames written to \(outputs.path)"
              + (report.framesAlreadyDone > 0 ? " (\(report.framesAlreadyDone) frames were already done)" : ""))
        if !report.framesWithoutFaces.isEmpty {
            print("no face in \(report.framesWithoutFaces.count) frames: \(report.framesWithoutFaces.prefix(10).joined(separator: ", "))"
                  + (report.framesWithoutFaces.count > 10 ? ", …" : ""))
        }
        if !report.framesTooSmall.isEmpty {
            print("skipped \(report.framesTooSmall.count) frames smaller than \(FaceExtractor.minimumFrameSide) px on a side (no face can be found in them): "
                  + report.framesTooSmall.prefix(10).joined(separator: ", ") + (report.framesTooSmall.count > 10 ? ", …" : ""))
        }
        if !report.framesWithRepeatedNames.isEmpty {
            print("skipped \(report.framesWithRepeatedNames.count) files named like an earlier frame (rename them to extract them): "
                  + report.framesWithRepeatedNames.prefix(10).joined(separator: ", ") + (report.framesWithRepeatedNames.count > 10 ? ", …" : ""))
        }
        if !report.failedFrames.isEmpty {
            for failure in report.failedFrames { FileHandle.standardError.write(Data("masque: skipped \(failure.reason)\n".utf8)) }
            throw ExtractionError("\(report.failedFrames.count) frame(s) could not be read; they are listed above (re-extract or delete them, then run again)")
        }
    }

    /// The frame rate landmark smoothing assumes: `--fps`, else the dst video's when the frames
    /// come from the workspace's dst and its video is still there, else 30.
    private func smoothingRate(_ layout: WorkspaceLayout) throws -> Double {
        if let fps {
            guard fps > 0, fps.isFinite else { throw ValidationError("--fps must be a positive number of frames per second") }
            return fps
        }
        guard which == .dst, let video = try? layout.destinationVideo(),
              let rate = try? VideoTools().probe(video).frameRate else { return 30 }
        return rate.framesPerSecond
    }
}
