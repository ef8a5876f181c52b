import ArgumentParser
import Foundation
import Models
import Support
import Workspace

/// `masque model …`: work on a trained model — DFL's RTM steps as commands, export to DFL's
/// files, and a forward pass on chosen faces (swap models and XSeg).
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reset parts of a trained model, export it to DFL's files, or run it on faces.",
        subcommands: [ResetInter.self, ResetDecoders.self, ExportDFL.self, Predict.self])
}

/// Which model a `masque model` command works on.
struct ModelSelection: ParsableArguments {
    @Option(help: "Folder of the models (default: <workspace>/model).")
    var modelDir: String?

    @Option(help: "The workspace folder.")
    var workspace: String = "workspace"

    @Option(help: "The model's name (default: the only model of its kind in the folder).")
    var modelName: String?

    @Option(help: "saehd, quick96, amp or xseg (default: the kind of model the folder holds; saehd when it holds several).")
    var kind: TrainingRequest.ModelKind?

    var folder: URL { modelDir.map { URL(fileURLWithPath: $0) } ?? WorkspaceLayout(root: URL(fileURLWithPath: workspace)).model }

    func open() throws -> OpenedModel { try OpenedModel.open(in: folder, kind: kind, name: modelName) }
}

struct ResetInter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-inter",
        abstract: "Draw a model's inter afresh (DFL's RTM step: delete inter_AB.npy or inter_B.npy).",
        discussion: "ab: LIAE's inter_AB (a DF model's one inter); b: LIAE's inter_B. The model is saved in Masque's format; train it on.")

    @Argument(help: "ab or b.")
    var part: String

    @OptionGroup var selection: ModelSelection

    func run() throws {
        try CommandFailure.reporting {
            guard let reset = OpenedModel.Reset(rawValue: part), reset != .decoders else {
                throw ValidationError("reset-inter takes ab or b, not '\(part)'")
            }
            var opened = try selection.open()
            let parts = try opened.reset(reset)
            print("reset \(parts.joined(separator: ", ")) of \(opened.saved.name) at iteration \(opened.state.iteration); saved to \(opened.saveFolder.path)")
        }
    }
}

struct ResetDecoders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-decoders",
        abstract: "Draw a model's decoders afresh (DFL's RTM step: delete the decoder files).")

    @OptionGroup var selection: ModelSelection

    func run() throws {
        try CommandFailure.reporting {
            var opened = try selection.open()
            let parts = try opened.reset(.decoders)
            print("reset \(parts.joined(separator: ", ")) of \(opened.saved.name) at iteration \(opened.state.iteration); saved to \(opened.saveFolder.path)")
        }
    }
}

struct ExportDFL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-dfl",
        abstract: "Write a model as DFL's files (<name>_SAEHD_data.dat and the .npy weights; XSeg_256.npy and XSeg_data.dat) so DeepFaceLab opens it.")

    @OptionGroup var selection: ModelSelection

    @Option(help: "Folder to write DFL's files into (default: the model folder).")
    var out: String?

    @Flag(help: "Replace DFL's files of a model of the same name.")
    var force = false

    func run() throws {
        try CommandFailure.reporting {
            let opened = try selection.open()
            let files = try opened.exportDFL(to: out.map { URL(fileURLWithPath: $0) } ?? selection.folder, replace: force)
            print("wrote DFL's \(opened.saved.kind.className) model \(opened.saved.name) at iteration \(opened.state.iteration): "
                  + files.map(\.path).joined(separator: ", "))
        }
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a model on aligned faces (JPEG/PNG) or .npy arrays (N,R,R,3 float32 BGR in [0,1]).",
        discussion: """
            A swap model writes <input>_src_src, _src_srcm, _dst_dst, _dst_dstm, _src_dst and _src_dstm; an AMP model \
            writes <input>_dst_dst, _dst_dstm, _src_dst and _src_dstm (DFL's AE_merge at --morph); an XSeg model \
            writes <input>_mask (DFL's mask: clipped to [0,1], values below 0.1 set to 0) — as PNG (image input) or \
            .npy (array input, masks N,R,R,1).
            """)

    @Argument(help: "Aligned faces or .npy arrays.")
    var inputs: [String]

    @OptionGroup var selection: ModelSelection

    @Option(help: "Folder for the outputs.")
    var out: String

    @Option(parsing: .unconditional, help: "AMP only: the morph value, 0–1 (the share of src's code in the swap; default 1).")
    var morph: Double?

    func run() throws {
        try CommandFailure.reporting {
            let opened = try selection.open()
            let written = try ModelPrediction.predict(opened.network, inputs: inputs.map { URL(fileURLWithPath: $0) },
                                                      into: URL(fileURLWithPath: out), morph: morph)
            print("wrote \(written.count) files to \(out) (model \(opened.saved.name), iteration \(opened.state.iteration))")
        }
    }
}
