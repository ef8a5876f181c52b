import Foundation
import Models
import Tensors
import Testing
import TestSupport
import Training

/// `masque xseg train` (and `masque train xseg`, the same code) from the outside: it resumes a
/// tiny XSeg model on labelled synthetic facesets, saves it and writes the preview; facesets
/// without labels are one line naming both folders.
@Suite struct CLIXSegTrainTests {
    /// Labelled src and dst facesets and a model folder holding a new XSeg model of 64 px and 4
    /// base channels (DFL's 256 px, 32 channels would take minutes on a CPU).
    static func workspace(_ folder: TemporaryDirectory) throws -> [String] {
        try SyntheticLabelledFaces.write(count: 3, to: folder.file("src"))
        try SyntheticLabelledFaces.write(count: 2, first: 3, to: folder.file("dst"))
        let options = try XSegOptions.resolve(given: ["batch_size": .int(2)]).values
        let model = try XSegTrainingModel(network: XSegNetwork(resolution: 64, baseChannels: 4, generator: try Generator(seed: 1)),
                                          options: options, seed: 1)
        try model.save(to: folder.file("model/XSeg"), state: TrainingState(kind: XSegModel.kind, options: options, seed: 1))
        return ["--model-dir", folder.file("model").path, "--src", folder.file("src").path, "--dst", folder.file("dst").path, "--no-prompt"]
    }

    @Test func trainsSavesAndPreviews() throws {
        let folder = try TemporaryDirectory("masque-cli-xseg-train")
        let arguments = try Self.workspace(folder)
        let result = try MasqueBinary.run(["xseg", "train"] + arguments + ["--iterations", "3"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("resuming \(folder.file("model/XSeg").path) at iteration 0"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("note: XSeg trains on 5 faces with label polygons (3 of src, 2 of dst)"))
        #expect(result.standardOutput.contains("saved iteration 3 to \(folder.file("model/XSeg").path)"))
        #expect(result.standardOutput.contains("stopped at iteration 3 (ran the iterations asked for); preview: \(folder.file("model/XSeg_preview.png").path)"))
        #expect(try folder.contents(of: "model") == ["XSeg", "XSeg_preview.png"], "no temporary left behind")
        let again = try MasqueBinary.run(["train", "xseg"] + arguments + ["--iterations", "1"])
        #expect(again.status == 0 && again.standardOutput.contains("stopped at iteration 4"), "\(again.standardError)")
    }

    @Test func facesetsWithoutLabelsAreOneLineNamingBothFolders() throws {
        let folder = try TemporaryDirectory("masque-cli-xseg-unlabelled")
        try SyntheticLabelledFaces.write(count: 2, labelled: false, to: folder.file("src"))
        try SyntheticLabelledFaces.write(count: 2, labelled: false, to: folder.file("dst"))
        let result = try MasqueBinary.run(["xseg", "train", "--model-dir", folder.file("model").path, "--src", folder.file("src").path,
                                           "--dst", folder.file("dst").path, "--no-prompt", "--iterations", "3"])
        #expect(result.status == 1 && result.errorLines.count == 1, "\(result.standardError)")
        #expect(result.errorLines.first.map { $0.contains(folder.file("src").path) && $0.contains(folder.file("dst").path) } == true,
                "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("model/XSeg").path))
    }
}
