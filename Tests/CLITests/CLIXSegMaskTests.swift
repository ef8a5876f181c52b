import Foundation
import Testing
import TestSupport

/// `masque xseg …` from the outside, on a workspace whose src faceset DFL's code wrote and whose
/// model folder holds only DFL's `XSeg_<R>.npy`: apply (and its rerun), labels export, the
/// remove-labels question, import, fetch, remove, and the one-line errors of a missing model and
/// a folder without aligned faces.
@Suite struct CLIXSegMaskTests {
    @Test func theMaskCommandsWorkOnAWorkspace() throws {
        let temporary = try TemporaryDirectory("masque-cli-xseg-masks")
        let workspace = temporary.file("workspace")
        let aligned = workspace.appendingPathComponent("data_src/aligned"), model = workspace.appendingPathComponent("model")
        for folder in [aligned, model] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for name in ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg"] {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset_resize/input/\(name)"), to: aligned.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/plain_no_metadata.jpg"),
                                         to: aligned.appendingPathComponent("plain.jpg"))
        try FileManager.default.copyItem(at: ReferenceFixtures.url("xseg/XSeg_128.npy"), to: model.appendingPathComponent("XSeg_128.npy"))
        func masque(_ arguments: [String]) throws -> ProcessOutput {
            try MasqueBinary.run(["xseg"] + arguments + ["--workspace", workspace.path])
        }

        let apply = try masque(["apply", "src", "--device", "cpu"])
        #expect(apply.status == 0, "\(apply.standardError)")
        #expect(apply.standardOutput.contains("XSeg masks written into 3 faces"), "\(apply.standardOutput)")
        #expect(apply.standardError.contains("skipped 1 images") && apply.standardError.contains("plain.jpg"), "\(apply.standardError)")
        let rerun = try masque(["apply", "src", "--device", "cpu"])
        #expect(rerun.standardOutput.contains("written into 0 faces") && rerun.standardOutput.contains("(3 already had this mask)"),
                "\(rerun.standardOutput)")

        let labels = temporary.file("labels.json").path
        let export = try masque(["labels", "export", "src", "--file", labels])
        #expect(export.status == 0 && export.standardOutput.contains("labels of 3 faces (2 labelled)"), "\(export.standardOutput)\(export.standardError)")
        let refused = try masque(["remove-labels", "src"])
        #expect(refused.status != 0 && refused.errorLines.count == 1 && refused.standardError.contains("--yes"), "\(refused.standardError)")
        let removed = try masque(["remove-labels", "src", "--yes"])
        #expect(removed.status == 0 && removed.standardOutput.contains("XSeg labels removed from 2 faces"), "\(removed.standardOutput)")
        let imported = try masque(["labels", "import", "src", "--file", labels])
        #expect(imported.status == 0 && imported.standardOutput.contains("labels written into 2 faces"), "\(imported.standardOutput)")

        let fetch = try masque(["fetch", "src"])
        #expect(fetch.status == 0 && fetch.standardOutput.contains("2 labelled faces copied"), "\(fetch.standardOutput)")
        #expect(try temporary.contents(of: "workspace/data_src/aligned_xseg") == ["00001_0.jpg", "00003_0.jpg"])
        let remove = try masque(["remove", "src"])
        #expect(remove.status == 0 && remove.standardOutput.contains("XSeg masks removed from 3 faces"), "\(remove.standardOutput)")

        let noModel = try masque(["generic", "src", "--model", temporary.file("missing").path])
        #expect(noModel.status != 0 && noModel.errorLines.count == 1, "\(noModel.standardError)")
        #expect(noModel.standardError.contains(temporary.file("missing").path) && noModel.standardError.contains("XSeg_256.npy"))
        let plain = temporary.file("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/plain_no_metadata.jpg"), to: plain.appendingPathComponent("a.jpg"))
        let noFaces = try masque(["apply", "--input", plain.path, "--model-dir", model.path, "--device", "cpu"])
        #expect(noFaces.status != 0 && noFaces.errorLines.count == 1, "\(noFaces.standardError)")
        #expect(noFaces.standardError.contains("1 images without DFL metadata, the first a.jpg"), "\(noFaces.standardError)")
    }
}
