import ArgumentParser
import FaceAnalysis
import FaceSet
import Foundation
import Media
import Support
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

    @Option(help: ArgumentHelp(FaceExtractionOptions.faceType.commandLineHelp))
    var faceType: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(FaceExtractionOptions.imageSize.commandLineHelp))
    var imageSize: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(FaceExtractionOptions.jpegQuality.commandLineHelp))
    var jpegQuality: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(FaceExtractionOptions.maxFaces.commandLineHelp))
    var maxFaces: Int?

    @Option(help: ArgumentHelp(FaceExtractionOptions.detector.commandLineHelp))
    var detector: String?

    @Option(help: ArgumentHelp(FaceExtractionOptions.landmarker.commandLineHelp))
    var landmarker: String?

    @Option(help: "Compute device: auto, cpu, cuda or cuda:N.")
    var device: String = "auto"

    @Flag(help: "Write debug images (always on for dst and for an --input folder named data_dst).")
    var debug = false

    @Option(help: "Folder holding DFL's own S3FD.npy, 2DFAN.npy, 3DFAN.npy; they then detect and place landmarks unless --detector or --landmarker say otherwise.")
    var dflModels: String?

    @Option(parsing: .upToNextOption, help: "Keep only faces of the person in these images (aligned faces or photos).")
    var reference: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(FaceExtractionOptions.identityThreshold.commandLineHelp))
    var identityThreshold: Double?

    @Flag(help: "Smooth landmarks across consecutive frames (dst).")
    var smooth = false

    @Option(parsing: .unconditional, help: ArgumentHelp(FaceExtractionOptions.fps.commandLineHelp))
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
        var request: FaceExtractionRequest
        switch (which, input) {
        case (let side?, nil):
            request = FaceExtractionRequest(workspace: layout, destination: side == .dst)
            if let out { request.outputFolder = URL(fileURLWithPath: out) }
        case (nil, let folder?):
            let inputFolder = URL(fileURLWithPath: folder)
            request = FaceExtractionRequest(
                inputFolder: inputFolder, outputFolder: out.map { URL(fileURLWithPath: $0) } ?? inputFolder.appendingPathComponent("aligned"))
        default:
            throw ValidationError("give src, dst, or --input DIR (not both)")
        }
        let given: [(OptionDescriptor, String?)] = [
            (FaceExtractionOptions.faceType, faceType), (FaceExtractionOptions.imageSize, imageSize.map(String.init)),
            (FaceExtractionOptions.jpegQuality, jpegQuality.map(String.init)), (FaceExtractionOptions.maxFaces, maxFaces.map(String.init)),
            (FaceExtractionOptions.detector, detector), (FaceExtractionOptions.landmarker, landmarker),
            (FaceExtractionOptions.identityThreshold, identityThreshold.map { "\($0)" }), (FaceExtractionOptions.fps, fps.map { "\($0)" }),
        ]
        for case let (option, text?) in given { try request.set(option, to: text) }
        request.device = try Device(parsing: device)
        request.writeDebugImages = debug
        request.dflModels = dflModels.map { URL(fileURLWithPath: $0) }
        request.referenceImages = reference.map { URL(fileURLWithPath: $0) }
        request.smoothLandmarks = smooth
        request.reextractDeletedDebug = reextractDeletedDebug
        request.manualFaces = manualFaces.map { URL(fileURLWithPath: $0) }
        let outputs = request.outputFolder
        let report = try ProgressReporter.showing("Extracting faces", unit: "frames") { progress in
            try request.run { done, total in progress(done, total) }
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
}
