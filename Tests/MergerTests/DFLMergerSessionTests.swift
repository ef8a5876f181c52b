import DFLFormats
import Foundation
import Merger
import Support
import TestSupport
import Testing

/// DFL's merger session (`Tests/Reference/make_merger_session_fixture.py`) read without running
/// anything in it.
@Suite struct DFLMergerSessionTests {
    @Test func importsTheClipsSettingsAndEachFramesOwn() throws {
        let url = ReferenceFixtures.url("merger_session/new_SAEHD_merger_session.dat")
        let (session, frames, iteration) = try DFLMergerSession.read(url)
        #expect(frames == 3 && iteration == 1234)
        #expect(session.settings.mode == .seamless)
        #expect(session.settings.maskMode == .learnedDst)
        #expect(session.settings.erodeMaskModifier == 15 && session.settings.blurMaskModifier == 60)
        #expect(session.settings.colorTransfer == .lct)
        #expect(Set(session.overrides.keys) == ["00002"])
        let second = try session.settings(forFrame: "00002")
        #expect(second.mode == .overlay && second.histMatchThreshold == 200 && second.sharpenMode == .box && second.blurSharpenAmount == 20)
        #expect(try session.settings(forFrame: "00001") == session.settings)
    }

    @Test func refusesAPickleThatRunsCode() throws {
        // GLOBAL os.system, then REDUCE: what a hostile session file would hold.
        let hostile: [UInt8] = Array("cos\nsystem\n(S'true'\ntR.".utf8)
        let folder = try TemporaryDirectory("dfl-session")
        let url = folder.file("evil_merger_session.dat")
        try Data(hostile).write(to: url)
        do {
            _ = try DFLMergerSession.read(url)
            Issue.record("a pickle naming os.system was read")
        } catch let error as PickleError {
            #expect(error.message.contains("os.system"), "\(error.message)")
        }
    }
}
