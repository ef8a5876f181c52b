import Foundation
@testable import Media
import Testing
import TestSupport

@Suite struct ProbeTests {
    let tools: VideoTools
    let folder: TemporaryDirectory

    init() throws {
        tools = try VideoTools()
        folder = try TemporaryDirectory("masque-probe")
    }

    @Test func describesVideoAndAudioStreams() throws {
        let video = folder.file("clip.mp4")
        try SyntheticVideo.make(at: video, seconds: 2, rate: "30000/1001")
        let info = try tools.probe(video)
        #expect(info.width == 128 && info.height == 96)
        #expect(info.codec == "h264")
        #expect(info.frameRate?.description == "30000/1001")
        #expect(info.frameCount == 60)
        #expect(abs((info.duration ?? 0) - 2) < 0.05)
        #expect(info.videoStreamIndex == 0)
        #expect(info.audioStreamIndex == 1)
        #expect(info.hasAudio)
    }

    @Test func silentVideoHasNoAudio() throws {
        let video = folder.file("silent.mkv")
        try SyntheticVideo.make(at: video, seconds: 1, withAudio: false)
        let info = try tools.probe(video)
        #expect(!info.hasAudio)
        #expect(info.estimatedFrameCount == 25)
    }

    @Test func textFileIsNotAVideo() throws {
        let text = folder.file("notes.txt")
        try Data("not a video\n".utf8).write(to: text)
        do {
            _ = try tools.probe(text)
            Issue.record("expected an error")
        } catch let error as MediaError {
            guard case .notAVideo(let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == text.path)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func audioOnlyFileHasNoVideoStream() throws {
        let audio = folder.file("tone.wav")
        try SyntheticVideo.makeAudioOnly(at: audio)
        #expect(throws: MediaError.noVideoStream(path: audio.path)) { try tools.probe(audio) }
    }

    @Test func missingFileIsNamed() {
        let missing = folder.file("gone.mp4")
        #expect(throws: MediaError.missingInput(path: missing.path)) { try tools.probe(missing) }
    }

    @Test func coverArtDoesNotCountAsVideo() throws {
        let json = """
        {"streams": [{"index": 0, "codec_type": "audio", "codec_name": "mp3"},
                     {"index": 1, "codec_type": "video", "codec_name": "mjpeg", "width": 300, "height": 300,
                      "r_frame_rate": "90000/1", "disposition": {"attached_pic": 1}}],
         "format": {"format_name": "mp3", "duration": "3.0"}}
        """
        let file = URL(fileURLWithPath: "/music/song.mp3")
        #expect(throws: MediaError.noVideoStream(path: file.path)) {
            try VideoTools.videoInfo(fromFFprobeJSON: Data(json.utf8), file: file)
        }
    }
}
