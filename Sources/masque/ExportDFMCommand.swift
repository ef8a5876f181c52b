import ArgumentParser
import Foundation
import Models
import Support

/// `masque export-dfm`: DFL's "export to .dfm" (`main.py exportdfm`) for DeepFaceLive,
/// FaceFusion and VisoMaster.
struct ExportDFM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-dfm",
        abstract: "Write an SAEHD or AMP model as a .dfm file (ONNX) for DeepFaceLive.",
        discussion: "Input in_face:0 (N,R,R,3) BGR in [0,1] (AMP: and morph_value:0), outputs out_face_mask:0, out_celeb_face:0, out_celeb_face_mask:0, opset 12; written to <model-dir>/<name>_<Class>_model.dfm unless --out.")

    @OptionGroup var selection: ModelSelection

    @Flag(help: "Store the weights as float16: half the file size (DFL's \"Export quantized\").")
    var fp16 = false

    @Option(help: "The .dfm file to write.")
    var out: String?

    func run() throws {
        try CommandFailure.reporting {
            let opened = try selection.open()
            let url = out.map { URL(fileURLWithPath: $0) } ?? opened.dfmFile(in: selection.folder)
            try opened.exportDFM(to: url, half: fp16)
            print("wrote \(url.path) (\(opened.saved.kind.className) \(opened.saved.name) at iteration \(opened.state.iteration)\(fp16 ? ", float16 weights" : ""))")
        }
    }
}
