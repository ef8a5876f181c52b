import Foundation
import Imaging
import Media
import Support
import Testing
import TestSupport
@testable import Provenance

/// Labels through the project's video encoder and back through ffprobe.
@Suite struct VideoLabelTests {
    let folder: TemporaryDirectory
    let tools: VideoTools

    init() throws {
        folder = try TemporaryDirectory("masque-video-label")
        tools = try VideoTools()
    }

    enum Sound: CaseIterable { case none, soundtrack, reference }

    @Test(arguments: VideoEncoding.Container.allCases, Sound.allCases)
    func encodedVideoCarriesTheLabel(container: VideoEncoding.Container, sound: Sound) throws {
        let frames = folder.file("merged")
        try LabelFixtures.writeFrames(4, to: frames, label: LabelFixtures.label)
        let label = try #require(try FrameFolderLabel.label(in: frames))
        var request = VideoEncoding(framesFolder: frames, output: folder.file("result.\(container.rawValue)"), fps: FrameRate(numerator: 5, denominator: 1))
        switch sound {
        case .none: break
        case .soundtrack:
            request.soundtrack = folder.file("tone.wav")
            try SyntheticVideo.makeAudioOnly(at: folder.file("tone.wav"))
        case .reference:
            request.reference = folder.file("data_dst.mp4")
            try SyntheticVideo.make(at: folder.file("data_dst.mp4"), seconds: 1, width: 64, height: 48, rate: "5")
        }
        try tools.encodeVideo(request.labelled(label))

        let info = try tools.probe(request.output)
        #expect(info.hasAudio == (sound != .none))
        #expect(info.estimatedFrameCount == 4)
        let json = String(decoding: LabelFixtures.label.json(), as: UTF8.self)
        #expect(info.tags["comment"] == json)
        #expect(info.tags[VideoLabel.key] == (container == .avi ? nil : json))
        #expect(try ProvenanceReport.inspect(request.output, videoTools: { tools }).label == LabelFixtures.label)
    }

    @Test func unlabelledFramesMakeAnUnlabelledVideo() throws {
        let frames = folder.file("plain")
        try LabelFixtures.writeFrames(3, to: frames, label: nil)
        #expect(try FrameFolderLabel.label(in: frames) == nil)
        let output = folder.file("plain.mp4")
        try tools.encodeVideo(VideoEncoding(framesFolder: frames, output: output))
        let report = try ProvenanceReport.inspect(output, videoTools: { tools })
        #expect(report.label == nil)
        #expect(throws: ProvenanceError.noLabel(path: output.path)) { try report.requireLabel() }
    }

    @Test func aFirstFrameTheEncoderWouldNameIsUnlabelledHereNotAnError() throws {
        let frames = folder.file("odd")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        try Data(PNGChunks.signature + [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
            .write(to: frames.appendingPathComponent("00001.png"))
        #expect(try FrameFolderLabel.label(in: frames) == nil)
        var flipped = try PNGLabel.insert(LabelFixtures.label, into: try LabelFixtures.png())
        flipped[flipped.count - 17] ^= 0x01
        try flipped.write(to: frames.appendingPathComponent("00001.png"))
        #expect(try FrameFolderLabel.label(in: frames) == LabelFixtures.label)
    }

    @Test func tagsAreReadWithoutCaseAndForeignCommentsAreNotLabels() throws {
        let json = String(decoding: LabelFixtures.label.json(), as: UTF8.self)
        #expect(try VideoLabel.label(inTags: ["COMMENT": json], source: "v.mkv") == LabelFixtures.label)
        #expect(try VideoLabel.label(inTags: ["comment": "shot on a sunny day"], source: "v.mp4") == nil)
        #expect(throws: ProvenanceError.unreadableLabel(path: "v.mp4", reason: "it is not label JSON")) {
            try VideoLabel.label(inTags: [VideoLabel.key: "{"], source: "v.mp4")
        }
    }

    @Test func metadataKeysAreChecked() throws {
        let frames = folder.file("f")
        try LabelFixtures.writeFrames(1, to: frames, label: nil)
        let request = VideoEncoding(framesFolder: frames, output: folder.file("x.mp4"), metadata: ["a=b": "c"])
        #expect(throws: MediaError.invalidOption(name: "metadata key", value: "'a=b'", expected: "a non-empty name without '='")) {
            try tools.encodeVideo(request)
        }
    }

    @Test func inspectingNamesMissingFoldersAndNonMediaFiles() throws {
        let missing = folder.file("none.mp4")
        #expect(throws: FileError.missingInput(path: missing.path)) { try ProvenanceReport.inspect(missing, videoTools: { tools }) }
        #expect(throws: FileError.notAFile(path: folder.url.path)) { try ProvenanceReport.inspect(folder.url, videoTools: { tools }) }
        let text = folder.file("notes.txt")
        try Data("hello\n".utf8).write(to: text)
        #expect(throws: MediaError.self) { try ProvenanceReport.inspect(text, videoTools: { tools }) }
        let jpeg = folder.file("frame.jpg")
        try LabelFixtures.image().write(to: jpeg, as: .jpeg())
        #expect(try ProvenanceReport.inspect(jpeg, videoTools: { throw MediaError.toolNotFound(tool: "ffprobe", variable: "X") }).label == nil)
    }
}
