import ArgumentParser
import Demo
import FaceAnalysis
import Foundation
import Support
import Tensors
import Workspace

/// `masque demo`: the whole workflow Masque has, on a workspace it films itself.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Make a demo workspace from two public-domain portraits and run every stage on it.",
        discussion: """
            Films data_src.mp4 (NASA's astronaut portrait) and data_dst.mp4 (Grace Hopper) with head motion, \
            lighting drift and sound, then runs: \(DemoStage.allCases.map(\.rawValue).joined(separator: " → ")). \
            A second run resumes; a folder holding files the demo did not make is refused.
            """)

    @Option(help: "The demo workspace (made if missing).")
    var workspace: String = "masque-demo"

    @Option(help: "Stop after this stage: \(DemoStage.allCases.map(\.rawValue).joined(separator: ", ")).")
    var until: DemoStage?

    @Option(parsing: .unconditional, help: "Length of each clip in seconds, 0.2–60.")
    var seconds: Double = 4

    @Option(help: "Compute device: auto, cpu, cuda or cuda:N.")
    var device: String = "auto"

    @Option(parsing: .unconditional, help: "Iterations of the training stage (1 or more).")
    var trainIterations: Int = 300

    @Option(parsing: .unconditional, help: "Iterations of the XSeg model in the xseg stage (1 or more).")
    var xsegIterations: Int = 20

    @Option(parsing: .unconditional, help: "Train SAEHD for this many minutes instead of --train-iterations (a longer run learns a better face).")
    var minutes: Double?

    func run() throws {
        try CommandFailure.reporting {
            var demo = DemoRun(workspace: URL(fileURLWithPath: workspace))
            demo.seconds = seconds
            demo.until = until
            demo.device = try Device(parsing: device)
            guard trainIterations >= 1 else { throw ValidationError("--train-iterations must be 1 or more (got \(trainIterations))") }
            demo.trainingIterations = trainIterations
            guard xsegIterations >= 1 else { throw ValidationError("--xseg-iterations must be 1 or more (got \(xsegIterations))") }
            demo.xsegIterations = xsegIterations
            if let minutes {
                guard minutes > 0 else { throw ValidationError("--minutes must be more than 0 (got \(minutes))") }
                demo.trainingMinutes = minutes
            }
            let display = StageDisplay()
            let reports = try demo.run { display.show($0) }
            let total = reports.reduce(0) { $0 + $1.seconds }
            print(String(format: "demo done in %.1f s: the workspace is %@", total, demo.workspace.path))
            let layout = WorkspaceLayout(root: demo.workspace)
            if reports.contains(where: { $0.stage == .video }) {
                print("result: \(DemoRun.resultFiles(layout).video.path) (masque verify it: it is labelled as synthetic media)")
            }
            print("next: look at \(layout.alignedDebug.path) and \(layout.model.appendingPathComponent("demo_SAEHD_preview.png").path); for your own footage, the same stages are:")
            for stage in DemoStage.allCases { print("  \(stage.rawValue): \(stage.command)") }
        }
    }
}

extension DemoStage: ExpressibleByArgument {}

/// Prints the demo's events: a progress display per step, one line per finished stage.
private final class StageDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private var label: String?
    private var reporter: ProgressReporter?

    func show(_ event: DemoRun.Event) {
        lock.withLock {
            switch event {
            case .started(let stage):
                FileHandle.standardError.write(Data("demo: \(stage.rawValue)…\n".utf8))
            case .progress(_, let text, let unit, let done, let total):
                if text != label {
                    reporter?.finish()
                    reporter = ProgressReporter(label: text, unit: unit, startingAt: done)
                    label = text
                }
                reporter?.update(done: done, total: total)
            case .finished(let report):
                reporter?.finish()
                (reporter, label) = (nil, nil)
                let timing = report.alreadyDone ? "already done" : String(format: "%.1f s", report.seconds)
                print("\(report.stage.rawValue) (\(timing)): \(report.summary)")
                for output in report.outputs { print("  \(output.path)") }
            }
        }
    }
}
