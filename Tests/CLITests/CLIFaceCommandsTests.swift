import Foundation
import Imaging
import Media
import Testing
import TestSupport

@Suite struct CLIFaceCommandsTests {
    @Test func extractFacesFillsTheWorkspaceAndResumes() throws {
        let folder = try TemporaryDirectory("masque-cli-faces")
        let workspace = folder.file("workspace")
        let portrait = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        try PortraitFrames.write(count: 3, of: portrait, width: 640, height: 360, into: workspace.appendingPathComponent("data_dst"))
        let arguments = ["extract-faces", "dst", "--workspace", workspace.path, "--image-size", "256", "--device", "cpu"]
        let first = try MasqueBinary.run(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("3 faces from 3 frames"))
        let aligned = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("data_dst/aligned").path)
        #expect(aligned.filter { $0.hasSuffix(".jpg") }.sorted() == ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg"])
        let debug = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("data_dst/aligned_debug").path)
        #expect(debug.sorted() == ["00001.jpg", "00002.jpg", "00003.jpg"])
        let second = try MasqueBinary.run(arguments)
        #expect(second.standardOutput.contains("3 frames were already done"), "\(second.standardOutput)")
    }

    @Test func anInputFolderNamedDataDstGetsDebugImages() throws {
        let folder = try TemporaryDirectory("masque-cli-faces")
        let frames = folder.file("data_dst")
        let portrait = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        try PortraitFrames.write(count: 2, of: portrait, width: 640, height: 360, into: frames)
        let result = try MasqueBinary.run(["extract-faces", "--input", frames.path, "--image-size", "256", "--device", "cpu"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try folder.contents(of: "data_dst/aligned_debug") == ["00001.jpg", "00002.jpg"])
    }

    @Test func missingModelFileIsOneLineNamingItAndTheFix() throws {
        let folder = try TemporaryDirectory("masque-cli-faces")
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let models = folder.file("no-models")
        let result = try MasqueBinary.run(["extract-faces", "--input", frames.path], environment: ["MASQUE_MODELS": models.path])
        #expect(result.status == 1)
        #expect(result.errorLines == [
            "masque: error: missing model file \(models.path)/centerface/centerface.onnx (run: masque models fetch centerface)",
        ])
    }

    /// With `--dfl-models` and no `--detector`/`--landmarker`, DFL's own S3FD and 2DFAN are used.
    @Test func dflModelsAloneSelectS3FDAndTwoDFAN() throws {
        let folder = try TemporaryDirectory("masque-cli-faces")
        let frames = folder.file("frames"), dfl = folder.file("DeepFaceLab")
        for made in [frames, dfl] { try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true) }
        let result = try MasqueBinary.run(["extract-faces", "--input", frames.path, "--dfl-models", dfl.path])
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.errorLines.first?.contains("S3FD.npy not found in \(dfl.path)") == true,
                "\(result.errorLines)")
        let chosen = try MasqueBinary.run(["extract-faces", "--input", frames.path, "--dfl-models", dfl.path, "--detector", "centerface",
                                           "--landmarker", "facemesh"])
        #expect(chosen.errorLines.first?.contains("no frames") == true, "\(chosen.errorLines)")
    }

    /// `extract-faces --reference` keeps one person; `sort --method identity` groups both.
    @Test func referenceFilterAndIdentitySortSeparateTwoPeople() throws {
        let folder = try TemporaryDirectory("masque-cli-identity")
        let astronaut = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        let hopper = try Image(contentsOf: ReferenceFixtures.url("portraits/grace_hopper.jpg"), mode: .color)
        let frames = folder.file("frames")
        try PortraitFrames.writeTwoPeople(count: 3, astronaut, hopper, into: frames)
        try hopper.write(to: folder.file("hopper.jpg"), as: .jpeg(quality: 95))
        let common = ["extract-faces", "--input", frames.path, "--image-size", "256", "--face-type", "f", "--device", "cpu"]
        let filtered = try MasqueBinary.run(common + ["--out", folder.file("hopper").path, "--reference", folder.file("hopper.jpg").path])
        #expect(filtered.status == 0, "\(filtered.standardError)")
        #expect(filtered.standardOutput.contains("3 faces from 3 frames"), "\(filtered.standardOutput)")

        let both = try MasqueBinary.run(common + ["--out", folder.file("both").path])
        #expect(both.standardOutput.contains("6 faces from 3 frames"), "\(both.standardOutput)")
        let sorted = try MasqueBinary.run(["sort", folder.file("both").path, "--method", "identity"])
        #expect(sorted.status == 0, "\(sorted.standardError)")
        #expect(sorted.standardOutput.contains("person 1: 3 faces, 00000.jpg–00002.jpg"), "\(sorted.standardOutput)")
        #expect(sorted.standardOutput.contains("person 2: 3 faces, 00003.jpg–00005.jpg"), "\(sorted.standardOutput)")
    }

    @Test func sortAndDedupeRunOnAFacesetCopy() throws {
        let folder = try TemporaryDirectory("masque-cli-sort")
        let faces = folder.file("aligned")
        try FileManager.default.copyItem(at: ReferenceFixtures.url("sort/faces"), to: faces)
        let count = try FileManager.default.contentsOfDirectory(atPath: faces.path).count
        let sorted = try MasqueBinary.run(["sort", faces.path, "--method", "brightness"])
        #expect(sorted.status == 0, "\(sorted.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: faces.path).contains("00000.jpg"))
        let dedupe = try MasqueBinary.run(["dedupe", faces.path, "--level", "1"])
        #expect(dedupe.status == 0, "\(dedupe.standardError)")
        let unknown = try MasqueBinary.run(["sort", faces.path, "--method", "nonsense"])
        #expect(unknown.status == 1 && unknown.errorLines.count == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: faces.path).count
        let moved = (try? FileManager.default.contentsOfDirectory(atPath: folder.file("aligned_duplicates_level1").path).count) ?? 0
        #expect(left + moved == count, "nothing deleted")
    }
}
