import ArgumentParser
import FaceGeometry
import Foundation
import Merger
import Models
import Support
import Tensors
import Workspace

/// `masque merge`: DFL's step 7, without the interactive window (the studio brings that).
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the trained model's faces into the dst frames (DFL's step 7): data_dst/merged and merged_mask.",
        discussion: """
            Settings are DFL's merger settings under DFL's names (\(MergeSettings.descriptors.map(\.name).joined(separator: ", "))), \
            kept for the clip in data_dst/\(MergeSession.fileName) and resumed: give them with --config FILE.json or \
            --set name=value (--frame STEM makes them that frame's own). A rerun merges only frames whose settings or model \
            changed; Ctrl-C stops after the frames being written. --preview FRAME writes one original | merged | mask PNG.
            """)

    @Option(help: "The workspace folder.")
    var workspace: String = "workspace"

    @Option(help: "The frames to merge (default: <workspace>/data_dst).")
    var inputDir: String?

    @Option(help: "Their aligned faces (default: <input-dir>/aligned).")
    var alignedDir: String?

    @Option(help: "Where merged frames go (default: <input-dir>/merged).")
    var outputDir: String?

    @Option(help: "Where merged masks go (default: <input-dir>/merged_mask).")
    var outputMaskDir: String?

    @Option(help: "Folder of the model (default: <workspace>/model); its XSeg model serves the XSeg mask modes.")
    var modelDir: String?

    @Option(help: "The model's name; default: the only one in --model-dir.")
    var modelName: String?

    @Option(help: "saehd, quick96 or amp; default: the only kind in --model-dir.")
    var kind: TrainingRequest.ModelKind?

    @Option(help: "Merge with this .dfm file (DeepFaceLive's model, SAEHD or AMP) instead of a model folder.")
    var dfm: String?

    @Option(help: "With --dfm: the face type it was trained on (h, mf, f, wf, head); default: guessed from its file name, else wf.")
    var faceType: String?

    @Option(parsing: .unconditional, help: "AMP models and AMP .dfm files: the morph factor, 0–1 (the share of src's code in the swap; default 1).")
    var morph: Double?

    @Option(help: "JSON file of merge settings by DFL's names, e.g. {\"mode\": \"seamless\", \"mask_mode\": \"dst\", \"erode_mask_modifier\": 20}.")
    var config: String?

    @Option(name: .customLong("set"), parsing: .singleValue, help: "One setting, name=value (repeatable), e.g. --set color_transfer_mode=mkl-m.")
    var settings: [String] = []

    @Option(help: "Make --config and --set this frame's own settings (its stem, e.g. 00012), not the clip's.")
    var frame: String?

    @Option(help: "Write a preview of this frame (file name, stem or number from 1) and stop.")
    var preview: String?

    @Option(help: "The preview's file (default: <input-dir>/merge_preview.png).")
    var previewFile: String?

    @Option(help: "Import DFL's interactive-merger session (<model>_merger_session.dat): its settings become this clip's, frame by frame.")
    var importDflSession: String?

    @Flag(help: "Print the settings and stop.")
    var showSettings = false

    @Option(help: "Compute device for the model: auto, cpu, cuda or cuda:N.")
    var device: String = "auto"

    @Option(parsing: .unconditional, help: "Frames merged together (each network runs once per batch; the session records finished frames after each).")
    var batchSize: Int = 8

    func run() throws {
        try CommandFailure.reporting {
            let layout = WorkspaceLayout(root: URL(fileURLWithPath: workspace))
            let frames = inputDir.map { URL(fileURLWithPath: $0) } ?? layout.destinationFrames
            var request = MergeRequest(framesFolder: frames, alignedFolder: alignedDir.map { URL(fileURLWithPath: $0) })
            if let outputDir { request.outputFolder = URL(fileURLWithPath: outputDir) }
            if let outputMaskDir { request.maskFolder = URL(fileURLWithPath: outputMaskDir) }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be 1 or more (got \(batchSize))") }
            request.batchSize = batchSize
            var values: [String: OptionValue] = [:]
            if let config {
                let url = URL(fileURLWithPath: config)
                try PathKind.requireFile(url)
                do {
                    values = try JSONDecoder().decode([String: OptionValue].self, from: Data(contentsOf: url))
                } catch {
                    throw ValidationError("\(url.path) is not a JSON object of merge settings (\(error.localizedDescription)): write it as {\"mode\": \"seamless\", \"blur_mask_modifier\": 40}")
                }
                _ = try MergeSettings().applying(values, source: url.path, clamping: false)
            }
            for pair in settings {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--set takes name=value (got '\(pair)')") }
                values[parts[0]] = .string(parts[1])
            }
            var stored = try MergeSession.read(request.sessionFile) ?? MergeSession()
            if let importDflSession {
                let imported = try DFLMergerSession.read(URL(fileURLWithPath: importDflSession))
                stored = imported.session
                print("imported DFL's settings of \(imported.frames) frames (\(imported.session.overrides.count) with their own)"
                      + (imported.modelIteration.map { ", made at model iteration \($0)" } ?? ""))
            }
            let (session, notes) = try stored.updating(values, frame: frame, source: config == nil ? "--set" : "--config/--set", clamping: false)
            for note in notes { print("note: \(note)") }
            if showSettings {
                print(try session.settings(forFrame: frame ?? "").summary)
                return
            }
            let model: MergeModel
            if let dfm {
                let type = try faceType.map { text in
                    guard let type = FaceType(option: text) else { throw ValidationError("--face-type takes h, mf, f, wf or head (got '\(text)')") }
                    return type
                }
                model = try MergeModel.open(dfm: URL(fileURLWithPath: dfm), device: try Device(parsing: device), morph: morph, faceType: type,
                                            needsSegmenter: session.needsSegmenter, needsEnhancer: session.needsEnhancer, needsFaceMesh: session.needsFaceMesh)
                print("merging with \(dfm) (\(model.predictor.resolution) px, \(model.predictor.faceType.shortName ?? model.predictor.faceType.name) faces)")
            } else {
                model = try MergeModel.open(folder: modelDir.map { URL(fileURLWithPath: $0) } ?? layout.model, kind: kind, name: modelName,
                                            device: try Device(parsing: device), morph: morph, needsSegmenter: session.needsSegmenter,
                                            needsEnhancer: session.needsEnhancer, needsFaceMesh: session.needsFaceMesh)
            }
            if let preview {
                let url = previewFile.map { URL(fileURLWithPath: $0) } ?? frames.appendingPathComponent("merge_preview.png")
                try request.preview(frame: preview, model: model, session: session, to: url)
                print("preview of \(preview) (original | merged | mask): \(url.path)")
                return
            }
            let report = try InterruptGuard.shared.guarding {
                try ProgressReporter.showing("Merging", unit: "frames") { progress in
                    try request.run(model: model, session: session, progress: progress)
                }
            }
            for warning in report.warnings.prefix(5) { print("warning: \(warning)") }
            if report.warnings.count > 5 { print("warning: … and \(report.warnings.count - 5) more") }
            if !report.missingFrames.isEmpty {
                print("skipped the faces of \(report.missingFrames.count) frames that are not in \(frames.path), e.g. \(report.missingFrames[0])")
            }
            if !report.skippedFaces.isEmpty {
                print("skipped \(report.skippedFaces.count) aligned images without DFL metadata, e.g. \(report.skippedFaces[0])")
            }
            print("merged \(report.merged) frames (\(report.alreadyDone) already done, \(report.withoutFaces) without a face): \(request.outputFolder.path), \(request.maskFolder.path)")
        }
    }
}
