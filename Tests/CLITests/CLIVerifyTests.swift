import Foundation
import Imaging
import Provenance
import Testing
import TestSupport

/// `masque verify` and the label `video-from-frames` carries over, through the built executable.
@Suite struct CLIVerifyTests {
    let folder: TemporaryDirectory
    let label = SyntheticMediaLabel(
        modelName: "new_SAEHD", weightsSHA256: String(repeating: "0f", count: 32),
        date: Date(timeIntervalSince1970: 1_764_669_600))

    init() throws {
        folder = try TemporaryDirectory("masque-cli-verify")
    }

    /// Writes `count` 64×48 PNG frames into `name`, labelled when `labelled`.
    private func frames(_ name: String, count: Int = 3, labelled: Bool) throws -> URL {
        let frames = folder.file(name)
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        for index in 1...count {
            let pixels = (0..<(64 * 48 * 3)).map { UInt8(($0 * 7 + index * 31) & 0xFF) }
            var png = try Image(width: 64, height: 48, channels: 3, pixels: pixels).encoded(as: .png())
            if labelled { png = try PNGLabel.insert(label, into: png) }
            try png.write(to: frames.appendingPathComponent(String(format: "%05d.png", index)))
        }
        return frames
    }

    @Test func labelledPNGIsReportedAsSyntheticMedia() throws {
        let frame = try frames("merged", count: 1, labelled: true).appendingPathComponent("00001.png")
        let result = try MasqueBinary.run(["verify", frame.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "\(frame.path) is synthetic media: a face was replaced by Masque \(MasqueRelease.version) "
            + "with model new_SAEHD (weights sha256 \(String(repeating: "0f", count: 32))) on 2025-12-02T10:00:00Z\n")
        #expect(result.standardError.isEmpty)
    }

    @Test func unlabelledPNGIsOneLineAndNonZero() throws {
        let frame = try frames("plain", count: 1, labelled: false).appendingPathComponent("00001.png")
        let result = try MasqueBinary.run(["verify", frame.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.errorLines == ["masque: error: no synthetic-media label found in \(frame.path) "
            + "(labels can be removed, so this does not show that the file is authentic)"])
    }

    @Test func corruptPNGAndMissingFileAreOneLineNamingThem() throws {
        let frame = try frames("damaged", count: 1, labelled: true).appendingPathComponent("00001.png")
        var bytes = try Data(contentsOf: frame)
        bytes[bytes.count - 40] ^= 0x01
        try bytes.write(to: frame)
        let damaged = try MasqueBinary.run(["verify", frame.path])
        #expect(damaged.status == 1)
        #expect(damaged.errorLines.count == 1)
        #expect(damaged.errorLines.first?.hasPrefix("masque: error: \(frame.path) is not a complete, undamaged PNG (chunk iTXt at byte ") == true)
        #expect(damaged.errorLines.first?.contains("fails its CRC check") == true)

        let missing = folder.file("gone.mp4")
        let absent = try MasqueBinary.run(["verify", missing.path])
        #expect(absent.status == 1)
        #expect(absent.errorLines == ["masque: error: \(missing.path) does not exist; check the path or put the file there"])
    }

    @Test func videoFromLabelledFramesIsLabelledAndVerified() throws {
        let merged = try frames("merged", labelled: true)
        let source = folder.file("data_dst.mp4")
        try SyntheticVideo.make(at: source, seconds: 1, width: 64, height: 48)
        let output = folder.file("result.mp4")
        let encode = try MasqueBinary.run(["video-from-frames", merged.path, "--audio-from", source.path, "--out", output.path])
        #expect(encode.status == 0, "\(encode.standardError)")
        #expect(encode.standardOutput.contains("labelled as synthetic media: \(label.statement)"))

        let result = try MasqueBinary.run(["verify", output.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "\(output.path) is synthetic media: \(label.statement)\n")
    }

    @Test func unlabelledFramesGiveAnUnlabelledVideoUnlessALabelIsGiven() throws {
        let plain = try frames("plain", labelled: false)
        let unlabelled = folder.file("plain.mov")
        #expect(try MasqueBinary.run(["video-from-frames", plain.path, "--out", unlabelled.path]).status == 0)
        let none = try MasqueBinary.run(["verify", unlabelled.path])
        #expect(none.status == 1)
        #expect(none.errorLines.first?.hasPrefix("masque: error: no synthetic-media label found in \(unlabelled.path)") == true)

        let labelSource = try frames("one", count: 1, labelled: true).appendingPathComponent("00001.png")
        let labelled = folder.file("labelled.avi")
        let encode = try MasqueBinary.run(["video-from-frames", plain.path, "--out", labelled.path, "--label-from", labelSource.path])
        #expect(encode.status == 0, "\(encode.standardError)")
        #expect(try MasqueBinary.run(["verify", labelled.path]).status == 0)

        let refused = try MasqueBinary.run(["video-from-frames", plain.path, "--out", folder.file("x.mp4").path,
                                            "--label-from", unlabelled.path])
        #expect(refused.status == 1)
        #expect(refused.errorLines.first?.hasPrefix("masque: error: no synthetic-media label found in \(unlabelled.path)") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("x.mp4").path))
    }

    @Test func versionIsTheLabelsRelease() throws {
        let result = try MasqueBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "\(MasqueRelease.version)\n")
    }
}
