import Foundation
import Testing
import TestSupport

@Suite struct CLIErrorTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory("masque-cli")
    }

    @Test func nonVideoInputIsOneLineNamingTheFile() throws {
        let text = folder.file("notes.txt")
        try Data("hello\n".utf8).write(to: text)
        let result = try MasqueBinary.run(["extract-frames", text.path])
        #expect(result.status != 0)
        #expect(result.errorLines.count == 1)
        let line = try #require(result.errorLines.first)
        #expect(line.hasPrefix("masque: error: "))
        #expect(line.contains(text.path))
        #expect(try folder.contents() == ["notes.txt"])
    }

    @Test func ffmpegOverrideToNothingIsOneClearLine() throws {
        let video = folder.file("clip.mp4")
        try SyntheticVideo.make(at: video, seconds: 1, withAudio: false)
        let result = try MasqueBinary.run(["extract-frames", video.path], environment: ["MASQUE_FFMPEG": "/nonexistent"])
        #expect(result.status == 1)
        #expect(result.errorLines == [
            "masque: error: MASQUE_FFMPEG=/nonexistent is not an executable ffmpeg; point MASQUE_FFMPEG at the ffmpeg binary or unset it to search PATH",
        ])
    }

    @Test func ffmpegMissingFromPathIsOneClearLine() throws {
        let video = folder.file("clip.mp4")
        try SyntheticVideo.make(at: video, seconds: 1, withAudio: false)
        let result = try MasqueBinary.run(
            ["cut-video", video.path, "--to", "0.5"],
            environment: ["PATH": folder.url.path, "MASQUE_FFMPEG": "", "MASQUE_FFPROBE": ""])
        #expect(result.status == 1)
        #expect(result.errorLines == [
            "masque: error: ffmpeg not found on PATH (install it: apt-get install ffmpeg, or set MASQUE_FFMPEG)",
        ])
    }

    @Test func truncatedJPEGInFramesFailsNamingItAndWritesNoVideo() throws {
        let video = folder.file("data_dst.mp4")
        try SyntheticVideo.make(at: video, seconds: 1)
        let frames = folder.file("merged")
        let extract = try MasqueBinary.run(["extract-frames", video.path, "--out", frames.path, "--fps", "5", "--format", "jpg"])
        #expect(extract.status == 0, "\(extract.standardError)")
        let damaged = frames.appendingPathComponent("00003.jpg")
        let bytes = try Data(contentsOf: damaged)
        try bytes.prefix(bytes.count - 200).write(to: damaged)

        let output = folder.file("result.mp4")
        let result = try MasqueBinary.run(["video-from-frames", frames.path, "--audio-from", video.path, "--out", output.path])
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.contains(damaged.path) == true)
        #expect(try folder.contents() == ["data_dst.mp4", "merged"])
    }

    @Test func badOptionValueIsOneLineNamingTheOption() throws {
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let result = try MasqueBinary.run(["denoise", frames.path, "--factor", "0"])
        #expect(result.status == 1)
        #expect(result.errorLines == ["masque: error: --factor 0 is invalid: expected 1 to 20"])
    }
}
