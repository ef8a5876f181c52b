import FaceAnalysis
import FaceSet
import Foundation
import Imaging
import Media
import Merger
import Models
import Provenance
import Support
import Tensors
import Training
import Workspace

/// `masque demo`: a DFL workspace made from two public-domain portraits, taken through every
/// stage Masque has, each by the same library call its own command makes. Re-running resumes:
/// finished stages are skipped, and a folder the demo did not make is never written to.
public struct DemoRun: Sendable {
    /// The demo workspace (default `./masque-demo`).
    public var workspace: URL
    /// Length of each clip in seconds, `secondsRange`; a resumed run keeps its first clips.
    public var seconds: Double = 4
    /// The last stage to run; nil runs them all.
    public var until: DemoStage?
    /// Compute device for face extraction.
    public var device: Device = .cpu
    /// Iterations of the training stage (its model's `target_iter`); a resumed run trains on to it.
    public var trainingIterations = 300
    /// Iterations of the XSeg model in the xseg stage.
    public var xsegIterations = 20
    /// Minutes of SAEHD training instead of `trainingIterations` (the model's `target_iter` is
    /// then 0, DFL's "no target"); nil: train to `trainingIterations`.
    public var trainingMinutes: Double?

    /// The merge stage's mask feathering (`blur_mask_modifier`, pixels of the 4R mask).
    public static let mergeBlur = 40

    /// The demo's SAEHD: DFL's smallest resolution and small dims, so it learns visibly in a few
    /// minutes on a CPU. Its preview is `model/demo_SAEHD_preview.png`.
    public static let trainingOptions: [String: OptionValue] = [
        "resolution": .int(64), "ae_dims": .int(64), "e_dims": .int(16), "d_dims": .int(16), "d_mask_dims": .int(16),
        "batch_size": .int(4), "archi": .string("df-ud"), "face_type": .string("wf"),
    ]

    /// Clip lengths accepted, in seconds.
    public static let secondsRange = 0.2...60.0
    /// The sort method the sort stage uses (DFL's default).
    public static let sortMethod = SortMethodTable.defaultName

    public init(workspace: URL) {
        self.workspace = workspace.standardizedFileURL
    }

    /// What one stage did.
    public struct StageReport: Sendable {
        public var stage: DemoStage
        /// Folders or files the stage wrote.
        public var outputs: [URL]
        /// One line saying what the stage found or made.
        public var summary: String
        /// Wall time in seconds; 0 when the stage was already done.
        public var seconds: Double
        /// The stage was finished by an earlier run and skipped.
        public var alreadyDone: Bool
    }

    /// What the demo reports while it runs.
    public enum Event: Sendable {
        /// A stage begins.
        case started(DemoStage)
        /// Progress inside a stage: a label, what is counted (plural: "frames", "faces",
        /// "iterations"), units done and units in all.
        case progress(DemoStage, String, unit: String, Int, Int?)
        /// A stage finished (or was found finished).
        case finished(StageReport)
    }

    /// Runs the stages up to `until`; returns one report per stage.
    @discardableResult
    public func run(store: ModelStore = .standard(), events: @escaping @Sendable (Event) -> Void = { _ in }) throws -> [StageReport] {
        guard Self.secondsRange.contains(seconds) else {
            throw DemoError("--seconds must be 0.2–60 (got \(seconds))")
        }
        var manifest = try DemoManifest.load(from: workspace) ?? DemoManifest(seconds: seconds)
        do {
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        } catch {
            throw DemoError("cannot create the demo folder \(workspace.path) (\(error.localizedDescription)): give --workspace a folder you can write")
        }
        try manifest.save(in: workspace)
        let layout = WorkspaceLayout(root: workspace)
        var reports: [StageReport] = []
        for stage in DemoStage.allCases where until.map({ stage <= $0 }) ?? true {
            if manifest.finished.contains(stage.rawValue) {
                let report = StageReport(stage: stage, outputs: outputs(of: stage, layout), summary: "already done", seconds: 0, alreadyDone: true)
                reports.append(report)
                events(.finished(report))
                continue
            }
            events(.started(stage))
            let start = Date()
            let summary = try run(stage, layout: layout, manifest: manifest, store: store) { label, unit, done, total in
                events(.progress(stage, label, unit: unit, done, total))
            }
            let report = StageReport(stage: stage, outputs: outputs(of: stage, layout), summary: summary,
                                     seconds: Date().timeIntervalSince(start), alreadyDone: false)
            manifest.finished.append(stage.rawValue)
            try manifest.save(in: workspace)
            reports.append(report)
            events(.finished(report))
        }
        return reports
    }

    /// The training stage's request: a small SAEHD in `model/`, trained to `trainingIterations`.
    func trainingRequest(_ layout: WorkspaceLayout) -> TrainingRequest {
        var request = TrainingRequest(kind: .saehd, modelFolder: layout.model, source: layout.sourceAligned,
                                      destination: layout.destinationAligned)
        request.modelName = "demo"
        request.options = Self.trainingOptions.merging(["target_iter": .int(trainingMinutes == nil ? trainingIterations : 0)]) { $1 }
        request.seed = 1
        request.settings = Trainer.Settings(saveEvery: 100, previewEvery: 50, timeLimit: trainingMinutes.map { $0 * 60 })
        return request
    }

    /// The merge stage's request: the dst frames with the default layout.
    func mergeRequest(_ layout: WorkspaceLayout) -> MergeRequest {
        MergeRequest(framesFolder: layout.destinationFrames, alignedFolder: layout.destinationAligned)
    }

    /// The result video and its mask video.
    public static func resultFiles(_ layout: WorkspaceLayout) -> (video: URL, mask: URL) {
        (layout.root.appendingPathComponent("result.mp4"), layout.root.appendingPathComponent("result_mask.mp4"))
    }

    /// The xseg stage's training request: DFL's XSeg model (`model/XSeg/`), batch 2.
    func xsegRequest(_ layout: WorkspaceLayout) -> TrainingRequest {
        var request = TrainingRequest(kind: .xseg, modelFolder: layout.model, source: layout.sourceAligned,
                                      destination: layout.destinationAligned)
        request.options = ["batch_size": .int(2)]
        request.seed = 1
        request.settings = Trainer.Settings(saveEvery: 100, previewEvery: 10)
        return request
    }

    /// The labels JSON the xseg stage writes beside an aligned folder.
    static func labelsFile(_ aligned: URL) -> URL {
        aligned.deletingLastPathComponent().appendingPathComponent("xseg_labels.json")
    }

    /// Labels every face of `aligned` with one include polygon, the convex hull of its landmarks
    /// (what a user would draw round a face without obstructions), written as the labels JSON and
    /// imported through `masque xseg labels import`'s call.
    static func labelFaces(in aligned: URL) throws -> Int {
        let faces = try AlignedFolderEdit.faces(in: aligned).faces
        var entries: [String: XSegLabelFile.Face] = [:]
        for face in faces {
            let points = face.face.landmarks
            let hull = convexHullIndices(points).map { [Double(points[$0].x), Double(points[$0].y)] }
            entries[face.url.lastPathComponent] = .init(width: face.width, height: face.height,
                                                        polygons: [.init(type: "include", points: hull)])
        }
        let file = labelsFile(aligned)
        try AtomicFile.write(try XSegLabelFile(faces: entries).encoded(), to: file)
        _ = try XSegLabels.importLabels(from: file, into: aligned)
        return entries.count
    }

    /// Where `stage` writes.
    func outputs(of stage: DemoStage, _ layout: WorkspaceLayout) -> [URL] {
        switch stage {
        case .clips: [layout.root.appendingPathComponent("data_src.mp4"), layout.root.appendingPathComponent("data_dst.mp4")]
        case .frames: [layout.sourceFrames, layout.destinationFrames]
        case .faces: [layout.sourceAligned, layout.destinationAligned, layout.alignedDebug]
        case .sort: [layout.sourceAligned]
        case .info: [layout.sourceAligned, layout.destinationAligned]
        case .train: trainingRequest(layout).outputs
        case .xseg: [layout.sourceAligned, layout.destinationAligned] + xsegRequest(layout).outputs
            + [layout.sourceAligned, layout.destinationAligned].map(Self.labelsFile)
        case .merge: [layout.merged, layout.mergedMask, mergeRequest(layout).sessionFile]
        case .video: [Self.resultFiles(layout).video, Self.resultFiles(layout).mask]
        }
    }

    private func run(_ stage: DemoStage, layout: WorkspaceLayout, manifest: DemoManifest, store: ModelStore,
                     progress: @escaping @Sendable (String, String, Int, Int?) -> Void) throws -> String {
        switch stage {
        case .clips:
            let tools = try VideoTools()
            let clips: [(ModelAsset, String, ToneTrack)] = [
                (ModelCatalog.astronautPortrait, "data_src.mp4", ToneTrack(seconds: manifest.seconds, startFrequency: 330, endFrequency: 440)),
                (ModelCatalog.graceHopperPortrait, "data_dst.mp4", ToneTrack(seconds: manifest.seconds, startFrequency: 440, endFrequency: 330)),
            ]
            var frames = 0
            for (asset, name, tone) in clips {
                let portrait = try Image(contentsOf: try ModelFetcher(store: store).fetch(asset), mode: .color)
                let clip = DemoClip(portrait: portrait, seconds: manifest.seconds, tone: tone)
                try clip.write(to: layout.root.appendingPathComponent(name), tools: tools) { progress("Filming \(name)", "frames", $0, $1) }
                frames = clip.frameCount
            }
            return "two \(manifest.seconds)-second clips of \(frames) frames with sound"
        case .frames:
            let tools = try VideoTools()
            var counts: [Int] = []
            for (video, folder) in [(try layout.sourceVideo(), layout.sourceFrames), (try layout.destinationVideo(), layout.destinationFrames)] {
                let written = try tools.extractFrames(FrameExtraction(input: video, outputFolder: folder)) {
                    progress("Extracting frames of \(video.lastPathComponent)", "frames", $0, $1)
                }
                counts.append(written.count)
            }
            return "\(counts[0]) src frames, \(counts[1]) dst frames"
        case .faces:
            var summaries: [String] = []
            for destination in [false, true] {
                var request = FaceExtractionRequest(workspace: layout, destination: destination)
                request.device = device
                let side = destination ? "dst" : "src"
                let report = try request.run(store: store) { progress("Extracting \(side) faces", "frames", $0, $1) }
                guard report.failedFrames.isEmpty else {
                    throw DemoError("\(report.failedFrames.count) \(side) frame(s) could not be read (\(report.failedFrames[0].reason)): run the demo again")
                }
                let faces = try FacesetInfo.summary(folder: request.outputFolder).faceCount
                summaries.append("\(faces) \(side) faces"
                                 + (report.framesWithoutFaces.isEmpty ? "" : " (\(report.framesWithoutFaces.count) frames without a face)"))
            }
            return summaries.joined(separator: ", ")
        case .sort:
            var request = FacesetSortRequest(folder: layout.sourceAligned)
            request.method = Self.sortMethod
            let report = try request.run(store: store)
            return "\(report.applied.renamedFiles.count) src faces sorted by \(Self.sortMethod)"
        case .train:
            let request = trainingRequest(layout)
            let report = try request.run(events: { event in
                if case .step(let iteration, _, _) = event { progress("Training SAEHD", "iterations", iteration, trainingMinutes == nil ? trainingIterations : nil) }
            })
            let last = report.state.lossHistory.suffix(10)
            let mean = { (side: Int) in last.map { $0[side] }.reduce(0, +) / Float(max(1, last.count)) }
            return String(format: "SAEHD trained to iteration %d (src loss %.3f, dst loss %.3f over the last iterations)",
                          report.state.iteration, mean(0), mean(1))
        case .xseg:
            let labelled = try [layout.sourceAligned, layout.destinationAligned].map(Self.labelFaces).reduce(0, +)
            var request = xsegRequest(layout)
            let done = try request.savedState()?.iteration ?? 0
            request.settings.iterations = max(0, xsegIterations - done)
            let report = try request.run(events: { event in
                if case .step(let iteration, _, _) = event { progress("Training XSeg", "iterations", iteration, xsegIterations) }
            })
            var written = 0
            for aligned in [layout.sourceAligned, layout.destinationAligned] {
                var apply = XSegApplyRequest(folder: aligned, modelFolder: layout.model)
                apply.device = device
                let applied = try apply.run { progress("Applying XSeg masks to \(aligned.deletingLastPathComponent().lastPathComponent)", "faces", $0, $1) }
                written += applied.faces.changed.count + applied.faces.unchanged.count
            }
            return "\(labelled) faces labelled, XSeg trained to iteration \(report.state.iteration), masks applied to \(written) faces"
        case .merge:
            let request = mergeRequest(layout)
            let session = try MergeSession.read(request.sessionFile)
                ?? MergeSession().updating(["blur_mask_modifier": .int(Self.mergeBlur)], frame: nil, source: "the demo").session
            let model = try MergeModel.open(folder: layout.model, kind: .saehd, name: "demo", device: device,
                                            needsSegmenter: session.needsSegmenter, needsEnhancer: session.needsEnhancer, needsFaceMesh: session.needsFaceMesh, store: store)
            let report = try request.run(model: model, session: session) { progress("Merging", "frames", $0, $1) }
            return "\(report.merged + report.alreadyDone) frames merged (\(session.settings.mode.rawValue), \(session.settings.maskMode.rawValue) mask, "
                + "\(session.settings.colorTransfer?.rawValue ?? "no") colour transfer), each labelled as synthetic media"
        case .video:
            let tools = try VideoTools()
            let (video, mask) = Self.resultFiles(layout)
            guard let label = try FrameFolderLabel.label(in: layout.merged) else {
                throw DemoError("\(layout.merged.path) holds no labelled merged frame: run the merge stage again (masque demo --until merge)")
            }
            let reference = try layout.destinationVideo()
            try tools.encodeVideo(VideoEncoding(framesFolder: layout.merged, output: video, reference: reference).labelled(label)) {
                progress("Encoding result.mp4", "frames", $0, $1)
            }
            try tools.encodeVideo(VideoEncoding(framesFolder: layout.mergedMask, output: mask, reference: nil,
                                                fps: try tools.probe(reference).frameRate, lossless: true).labelled(label)) {
                progress("Encoding result_mask.mp4", "frames", $0, $1)
            }
            let verified = try ProvenanceReport.inspect(video, videoTools: { tools }).requireLabel()
            return "\(video.path) (with data_dst.mp4's sound) and \(mask.lastPathComponent); verify: \(verified.statement)"
        case .info:
            let summaries = try [layout.sourceAligned, layout.destinationAligned].map { try FacesetInfo.summary(folder: $0) }
            return zip(["src", "dst"], summaries).map { side, summary in
                "\(side): \(summary.faceCount) faces (" + summary.faceTypes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                    + "; " + summary.resolutions.sorted { $0.key < $1.key }.map { "\($0.key)" }.joined(separator: ", ") + ")"
            }.joined(separator: "; ")
        }
    }
}
