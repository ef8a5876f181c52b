import Foundation
@testable import Media
import Support
import Testing
import TestSupport

/// Progress reports received from a background thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(done: Int, total: Int?)] = []

    var reports: [(done: Int, total: Int?)] { lock.withLock { entries } }

    var callback: ProgressUpdate {
        { [self] done, total in lock.withLock { entries.append((done, total)) } }
    }
}

@Suite struct FramesRoundTripTests {
    let tools: VideoTools
    let folder: TemporaryDirectory

    init() throws {
        tools = try VideoTools()
        folder = try TemporaryDirectory("masque-roundtrip")
    }

    @Test func extractAtFiveFPSThenEncodeBackWithTheOriginalAudio() throws {
        let original = folder.file("data_dst.mp4")
        try SyntheticVideo.make(at: original, seconds: 2)
        let frames = folder.file("data_dst")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: frames.appendingPathComponent("99999.png"))
        try Data("keep".utf8).write(to: frames.appendingPathComponent("notes.txt"))

        let log = ProgressLog()
        let written = try tools.extractFrames(
            FrameExtraction(input: original, outputFolder: frames, fps: 5, format: .png), progress: log.callback)
        #expect((9...11).contains(written.count))
        #expect(written.first?.lastPathComponent == "00001.png")
        #expect(written.map(\.lastPathComponent) == (1...written.count).map { String(format: "%05d.png", $0) })
        #expect(try folder.contents(of: "data_dst").contains("notes.txt"))
        #expect(!(try folder.contents(of: "data_dst").contains("99999.png")))
        #expect(log.reports.last?.done == written.count)
        #expect(log.reports.contains { $0.total == 10 })

        let result = folder.file("result.mp4")
        try tools.encodeVideo(VideoEncoding(
            framesFolder: frames, output: result, reference: original, fps: FrameRate("5")))
        let info = try tools.probe(result)
        #expect(info.hasAudio)
        #expect(info.frameCount == written.count)
        #expect(info.frameRate?.description == "5/1")
        #expect(abs((info.duration ?? 0) - 2) < 0.3)
        #expect(try folder.contents().filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func jpegFramesLosslessMovWithoutReferenceUse25FPSAndNoAudio() throws {
        let original = folder.file("clip.mp4")
        try SyntheticVideo.make(at: original, seconds: 1)
        let frames = folder.file("frames")
        let written = try tools.extractFrames(FrameExtraction(input: original, outputFolder: frames, format: .jpg))
        #expect(written.count == 25)
        #expect(written.allSatisfy { $0.pathExtension == "jpg" })

        let result = try VideoEncoding.outputFile(folder.file("mask"), format: .mov)
        try tools.encodeVideo(VideoEncoding(framesFolder: frames, output: result, lossless: true))
        let info = try tools.probe(result)
        #expect(result.lastPathComponent == "mask.mov")
        #expect(!info.hasAudio)
        #expect(info.frameRate?.description == "25/1")
        #expect(info.frameCount == 25)
    }

    @Test func truncatedJPEGFailsNamingItAndLeavesNoVideo() throws {
        let original = folder.file("clip.mp4")
        try SyntheticVideo.make(at: original, seconds: 1)
        let frames = folder.file("merged")
        let written = try tools.extractFrames(FrameExtraction(input: original, outputFolder: frames, fps: 10, format: .jpg))
        let damaged = written[4]
        let bytes = try Data(contentsOf: damaged)
        try bytes.prefix(bytes.count / 2).write(to: damaged)

        let result = folder.file("result.mp4")
        #expect(throws: MediaError.incompleteImage(path: damaged.path, format: "JPEG")) {
            try tools.encodeVideo(VideoEncoding(framesFolder: frames, output: result, reference: original))
        }
        #expect(try folder.contents() == ["clip.mp4", "merged"])
    }

    @Test func ffmpegFailureKeepsThePreviousVideoAndLeavesNoTemporaryFile() throws {
        let frames = folder.file("odd")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let ffmpeg = try #require(PackagePaths.onPath("ffmpeg"))
        let made = try ProcessOutput.run(ffmpeg, [
            "-v", "error", "-f", "lavfi", "-i", "testsrc=size=127x95:rate=5", "-t", "1",
            frames.appendingPathComponent("%05d.png").path,
        ])
        #expect(made.status == 0)
        let result = folder.file("result.mp4")
        try Data("previous video".utf8).write(to: result)

        do {
            try tools.encodeVideo(VideoEncoding(framesFolder: frames, output: result))
            Issue.record("expected libx264 to refuse odd frame sizes with yuv420p")
        } catch let error as MediaError {
            guard case .ffmpegFailed(let file, _, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == frames.path)
        }
        #expect(try String(contentsOf: result, encoding: .utf8) == "previous video")
        #expect(try folder.contents() == ["odd", "result.mp4"])
    }

    @Test func emptyAndMixedFoldersAreRefused() throws {
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let request = VideoEncoding(framesFolder: frames, output: folder.file("out.mp4"))
        #expect(throws: MediaError.noImages(folder: frames.path, extensions: ["png", "jpg", "jpeg"])) {
            try tools.encodeVideo(request)
        }
        try Data([0xFF, 0xD8, 0xFF, 0xD9]).write(to: frames.appendingPathComponent("a.jpg"))
        try Data([0x89]).write(to: frames.appendingPathComponent("b.png"))
        #expect(throws: MediaError.mixedImageExtensions(folder: frames.path, extensions: [".jpg", ".png"])) {
            try tools.encodeVideo(request)
        }
    }
}
