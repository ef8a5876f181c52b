import Foundation
@testable import Media
import Testing

@Suite struct FrameRateTests {
    @Test func parsesFFmpegNotation() throws {
        let ntsc = try #require(FrameRate("30000/1001"))
        #expect(ntsc.description == "30000/1001")
        #expect(abs(ntsc.framesPerSecond - 29.97003) < 1e-4)
        #expect(FrameRate("25")?.description == "25/1")
        #expect(FrameRate("29.97")?.framesPerSecond == 29.97)
    }

    @Test func rejectsUnknownAndNonsenseRates() {
        #expect(FrameRate("0/0") == nil)
        #expect(FrameRate("-25") == nil)
        #expect(FrameRate("fast") == nil)
        #expect(FrameRate("1/2/3") == nil)
    }

    @Test func refusesARateTooLargeToHoldInsteadOfOverflowing() {
        #expect(FrameRate("1e300") == nil)
        #expect(FrameRate("1e12")?.numerator == 1_000_000_000_000_000)
    }
}

@Suite struct VideoInfoTests {
    /// A probe result as a hostile file could make ffprobe report it.
    static func info(duration: Double?, rate: String) throws -> VideoInfo {
        let json = """
            {"streams": [{"index": 0, "codec_type": "video", "width": 64, "height": 64, "r_frame_rate": "\(rate)"\(duration.map { ", \"duration\": \"\($0)\"" } ?? "")}]}
            """
        return try VideoTools.videoInfo(fromFFprobeJSON: Data(json.utf8), file: URL(fileURLWithPath: "/v.mkv"))
    }

    @Test func aFrameCountTooLargeToHoldIsUnknownNotAnOverflow() throws {
        #expect(try Self.info(duration: 4, rate: "25/1").estimatedFrameCount == 100)
        #expect(try Self.info(duration: 9e12, rate: "2000000000/1").estimatedFrameCount == nil)
        #expect(try Self.info(duration: .infinity, rate: "25/1").estimatedFrameCount == nil)
    }
}

@Suite struct TimePositionTests {
    @Test func parsesClockAndSecondsForms() {
        #expect(TimePosition("00:00:00.000")?.seconds == 0)
        #expect(TimePosition("00:01:02.500")?.seconds == 62.5)
        #expect(TimePosition("1:02.5")?.seconds == 62.5)
        #expect(TimePosition("62.5")?.seconds == 62.5)
        #expect(TimePosition("2:00:00")?.seconds == 7200)
    }

    @Test func rejectsMalformedTimes() {
        for text in ["", "abc", "-1", "1:60", "1::2", "1.5:00", "1:2:3:4", "1e3", String(repeating: "9", count: 400)] {
            #expect(TimePosition(text) == nil, "\(text)")
        }
    }
}

@Suite struct FFmpegProgressParserTests {
    @Test func reportsFramesAtTheEndOfEachBlock() {
        var parser = FFmpegProgressParser()
        let output = "frame=12\nfps=0.0\nout_time=00:00:00.480000\nprogress=continue\nframe=50\nprogress=end\n"
        let reports = output.split(separator: "\n").compactMap { parser.consume($0) }
        #expect(reports == [12, 50])
    }
}

@Suite struct OutputNamingTests {
    @Test func cutGoesNextToTheInputByDefault() {
        let cut = VideoCut(input: URL(fileURLWithPath: "/w/data_dst.mov"))
        #expect(cut.resolvedOutput.path == "/w/data_dst_cut.mov")
        let chosen = VideoCut(input: URL(fileURLWithPath: "/w/data_dst.mov"), output: URL(fileURLWithPath: "/x/clip.mp4"))
        #expect(chosen.resolvedOutput.path == "/x/clip.mp4")
    }

    @Test func encodedVideoNameAndFormatMustAgree() throws {
        let result = URL(fileURLWithPath: "/w/result")
        #expect(try VideoEncoding.outputFile(result, format: nil).path == "/w/result.mp4")
        #expect(try VideoEncoding.outputFile(result, format: .avi).path == "/w/result.avi")
        #expect(try VideoEncoding.outputFile(URL(fileURLWithPath: "/w/r.MOV"), format: .mov).path == "/w/r.MOV")
        #expect(throws: MediaError.self) { try VideoEncoding.outputFile(URL(fileURLWithPath: "/w/r.mp4"), format: .avi) }
        #expect(throws: MediaError.self) { try VideoEncoding.outputFile(URL(fileURLWithPath: "/w/r.mkv"), format: nil) }
    }
}
