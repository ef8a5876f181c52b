import Foundation
import Testing
import TestSupport

/// `masque train amp`, `model predict --morph`, `export-dfm` and `model-info` on a `.dfm` from the
/// outside: an AMP model trains, resumes and exports; an AMP folder given to `train saehd`, a
/// morph value outside 0–1 and an ONNX file that is not a `.dfm` are one line each.
@Suite struct CLIAMPTests {
    static let tiny = #"{"resolution": 64, "ae_dims": 32, "inter_dims": 64, "e_dims": 16, "d_dims": 16, "d_mask_dims": 16, "batch_size": 2}"#

    static func train(_ kind: String, _ folder: TemporaryDirectory) throws -> [String] {
        try Data(tiny.utf8).write(to: folder.file("options.json"))
        return ["train", kind, "--model-dir", folder.file("model").path,
                "--src", ReferenceFixtures.url("faceset/aligned").path, "--dst", ReferenceFixtures.url("faceset_resize/input").path,
                "--no-prompt", "--seed", "5"] + (kind == "amp" ? ["--options", folder.file("options.json").path] : [])
    }

    @Test func trainsAnAMPModelExportsItAndRefusesBadInput() throws {
        let folder = try TemporaryDirectory("masque-cli-amp")
        let first = try MasqueBinary.run(try Self.train("amp", folder) + ["--iterations", "2"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("creating \(folder.file("model/new_AMP").path)"), "\(first.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: folder.file("model/new_AMP_preview.png").path))
        let resumed = try MasqueBinary.run(try Self.train("amp", folder) + ["--iterations", "1"])
        #expect(resumed.standardOutput.contains("resuming \(folder.file("model/new_AMP").path) at iteration 2"), "\(resumed.standardOutput)")

        let saehd = try MasqueBinary.run(try Self.train("saehd", folder) + ["--iterations", "1"])
        #expect(saehd.status == 1 && saehd.errorLines.count == 1 && saehd.errorLines[0].contains("holds the AMP model 'new'"), "\(saehd.standardError)")

        let face = ReferenceFixtures.url("faceset/aligned/00001_0.jpg").path
        let predict = ["model", "predict", face, "--model-dir", folder.file("model").path, "--out", folder.file("out").path]
        let morphed = try MasqueBinary.run(predict + ["--morph", "0.5"])
        #expect(morphed.status == 0, "\(morphed.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder.file("out/00001_0_src_dst.png").path))
        let outside = try MasqueBinary.run(predict + ["--morph", "1.5"])
        #expect(outside.status == 1 && outside.errorLines.count == 1 && outside.errorLines[0].contains("outside 0–1"), "\(outside.standardError)")

        let export = try MasqueBinary.run(["export-dfm", "--model-dir", folder.file("model").path])
        #expect(export.status == 0, "\(export.standardError)")
        let info = try MasqueBinary.run(["model-info", folder.file("model/new_AMP_model.dfm").path])
        #expect(info.standardOutput.contains("AMP (takes a morph value), resolution 64, opset 12"), "\(info.standardOutput)")
        #expect(info.standardOutput.contains("inputs: in_face:0 (N,64,64,3), morph_value:0 (1)"))
        #expect(info.standardOutput.contains("outputs: out_face_mask:0 (N,64,64,1), out_celeb_face:0 (N,64,64,3), out_celeb_face_mask:0 (N,64,64,1)"))
        let notDFM = try MasqueBinary.run(["model-info", ReferenceFixtures.url("onnx/ops.onnx").path])
        #expect(notDFM.status == 1 && notDFM.errorLines.count == 1 && notDFM.errorLines[0].contains("is not a .dfm"), "\(notDFM.standardError)")
    }

    /// DFL's "train AMP SRC-SRC": the src faceset is dst too, so no dst faceset is needed.
    @Test func srcSrcTrainsAMPOnSrcAlone() throws {
        let folder = try TemporaryDirectory("masque-cli-amp-srcsrc")
        try Data(Self.tiny.utf8).write(to: folder.file("options.json"))
        let base = ["train", "amp", "--workspace", folder.url.path, "--src", ReferenceFixtures.url("faceset/aligned").path, "--no-prompt",
                    "--seed", "5", "--options", folder.file("options.json").path, "--iterations", "1"]
        let withoutDst = try MasqueBinary.run(base)
        #expect(withoutDst.status == 1 && withoutDst.errorLines.first?.contains("data_dst") == true, "\(withoutDst.standardError)")
        let srcSrc = try MasqueBinary.run(base + ["--src-src"])
        #expect(srcSrc.status == 0, "\(srcSrc.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder.file("model/new_AMP_preview.png").path))
        let both = try MasqueBinary.run(base + ["--src-src", "--dst", ReferenceFixtures.url("faceset_resize/input").path])
        #expect(both.status != 0 && both.errorLines.first?.contains("leave --dst out") == true, "\(both.standardError)")
        let saehd = try MasqueBinary.run(["train", "saehd", "--workspace", folder.url.path, "--src-src", "--no-prompt"])
        #expect(saehd.status != 0 && saehd.errorLines.first?.contains("--src-src is for AMP") == true, "\(saehd.standardError)")
    }
}
