import Foundation
import Testing
import TestSupport

@Suite struct CLIWorkflowTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory("masque-cli-flow")
    }

    @Test func helpListsTheVideoCommands() throws {
        let result = try MasqueBinary.run(["--help"])
        #expect(result.status == 0)
        for command in ["extract-frames", "cut-video", "denoise", "video-from-frames"] {
            #expect(result.standardOutput.contains(command))
        }
    }

    @Test func workspaceWildcardExtractsIntoTheDFLFolderThenEncodes() throws {
        let workspace = folder.url
        try SyntheticVideo.make(at: folder.file("data_dst.mp4"), seconds: 1)
        let extract = try MasqueBinary.run(["extract-frames", workspace.appendingPathComponent("data_dst.*").path])
        #expect(extract.status == 0, "\(extract.standardError)")
        let frames = try folder.contents(of: "data_dst")
        #expect(frames.count == 25)
        #expect(frames.first == "00001.png")
        #expect(extract.errorLines.last?.hasPrefix("Extracting frames: done, 25 frames") == true)

        let encode = try MasqueBinary.run([
            "video-from-frames", folder.file("data_dst").path,
            "--audio-from", workspace.appendingPathComponent("data_dst.*").path,
            "--out", folder.file("result").path, "--format", "avi",
        ])
        #expect(encode.status == 0, "\(encode.standardError)")
        #expect(try folder.contents() == ["data_dst", "data_dst.mp4", "result.avi"])
    }
}
