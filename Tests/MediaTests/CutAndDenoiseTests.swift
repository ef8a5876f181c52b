import Foundation
@testable import Media
import Testing
import TestSupport

@Suite struct CutVideoTests {
    let tools: VideoTools
    let folder: TemporaryDirectory

    init() throws {
        tools = try VideoTools()
        folder = try TemporaryDirectory("masque-cut")
    }

    @Test func cutsAShorterClipNextToTheInput() throws {
        let original = folder.file("data_src.mp4")
        try SyntheticVideo.make(at: original, seconds: 2)
        let clip = try tools.cutVideo(VideoCut(input: original, from: "00:00:00.500", to: "1.5"))
        #expect(clip == folder.file("data_src_cut.mp4"))
        let info = try tools.probe(clip)
        let duration = try #require(info.duration)
        #expect(abs(duration - 1) < 0.2)
        #expect(info.hasAudio)
        #expect(try folder.contents() == ["data_src.mp4", "data_src_cut.mp4"])
    }

    @Test func refusesTimesOutsideTheVideo() throws {
        let original = folder.file("clip.mp4")
        try SyntheticVideo.make(at: original, seconds: 1, withAudio: false)
        #expect(throws: MediaError.self) { try tools.cutVideo(VideoCut(input: original, from: "5")) }
        #expect(throws: MediaError.self) { try tools.cutVideo(VideoCut(input: original, from: "0.8", to: "0.2")) }
        #expect(throws: MediaError.self) { try tools.cutVideo(VideoCut(input: original, bitrateMegabits: 0)) }
        #expect(try folder.contents() == ["clip.mp4"])
    }
}

@Suite struct DenoiseTests {
    let tools: VideoTools
    let folder: TemporaryDirectory

    init() throws {
        tools = try VideoTools()
        folder = try TemporaryDirectory("masque-denoise")
    }

    @Test func keepsNamesAndCountAndChangesPixels() throws {
        let original = folder.file("clip.mp4")
        try SyntheticVideo.make(at: original, seconds: 1, withAudio: false)
        let frames = folder.file("data_dst")
        let written = try tools.extractFrames(FrameExtraction(input: original, outputFolder: frames, fps: 8))
        try FileManager.default.moveItem(at: written[0], to: frames.appendingPathComponent("first.png"))
        let namesBefore = try folder.contents(of: "data_dst")
        let bytesBefore = try namesBefore.map { try Data(contentsOf: frames.appendingPathComponent($0)) }

        let log = ProgressLog()
        let count = try tools.denoiseFrames(FrameDenoise(folder: frames, factor: 7), progress: log.callback)

        let namesAfter = try folder.contents(of: "data_dst")
        let bytesAfter = try namesAfter.map { try Data(contentsOf: frames.appendingPathComponent($0)) }
        #expect(count == namesBefore.count)
        #expect(namesAfter == namesBefore)
        #expect(zip(bytesBefore, bytesAfter).contains { $0 != $1 })
        #expect(log.reports.last.map { $0.done == count && $0.total == count } == true)
    }

    @Test func refusesMixedExtensionsAndBadFactorsWithoutTouchingFiles() throws {
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        try Data("a".utf8).write(to: frames.appendingPathComponent("a.png"))
        try Data("b".utf8).write(to: frames.appendingPathComponent("b.PNG"))
        #expect(throws: MediaError.mixedImageExtensions(folder: frames.path, extensions: [".PNG", ".png"])) {
            try tools.denoiseFrames(FrameDenoise(folder: frames))
        }
        #expect(throws: MediaError.invalidOption(name: "--factor", value: "21", expected: "1 to 20")) {
            try tools.denoiseFrames(FrameDenoise(folder: frames, factor: 21))
        }
        #expect(try folder.contents(of: "frames") == ["a.png", "b.PNG"])
    }

    @Test func ffmpegFailureGivesTheOriginalNamesBack() throws {
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        for name in ["x.png", "y.png"] {
            try Data("not really a png".utf8).write(to: frames.appendingPathComponent(name))
        }
        #expect(throws: MediaError.self) { try tools.denoiseFrames(FrameDenoise(folder: frames)) }
        #expect(try folder.contents(of: "frames") == ["x.png", "y.png"])
        #expect(try String(contentsOf: frames.appendingPathComponent("x.png"), encoding: .utf8) == "not really a png")
    }
}
