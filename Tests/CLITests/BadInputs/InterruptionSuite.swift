import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Interruptions with real signals on the built `masque` and its real ffmpeg: whatever moment a
/// run is stopped, no frame is lost or renamed, no child outlives masque, and the next run
/// finishes the job and removes what the stopped one left. Each test is bounded in time.
@Suite(.serialized) struct InterruptionSuite {
    let scratch: TemporaryDirectory
    var root: URL { scratch.url }

    init() throws {
        scratch = try TemporaryDirectory("masque-interrupt")
    }

    /// The first temporary of a running masque in `folder`, once it holds at least `files` entries.
    private func workInProgress(in folder: String, files: Int) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return names.contains { name in
            guard name.hasPrefix(".masque-tmp.") else { return false }
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).appendingPathComponent(name).path)
            return (enumerator?.allObjects.count ?? 0) >= files
        }
    }

    /// Each child of masque that mentions the scratch folder is gone within `seconds`.
    private func expectNoOrphans(within seconds: Double) {
        let gone = MasqueRun.waitFor(seconds: seconds) { MasqueRun.processes(mentioning: root.path).isEmpty }
        #expect(gone, "processes outlived masque: \(MasqueRun.processes(mentioning: root.path))")
        for pid in MasqueRun.processes(mentioning: root.path) { kill(pid, SIGKILL) }
    }

    @Test func denoiseKilledMidRunKeepsEveryFrameAndTheNextRunFinishes() throws {
        try BadInputSetup.frames(in: "d", count: 60, size: "1280x720").make(root)
        let before = FolderSnapshot(root.appendingPathComponent("d"))
        let run = try MasqueRun(["denoise", root.appendingPathComponent("d").path])
        let started = MasqueRun.waitFor(seconds: 60) { workInProgress(in: "d", files: 64) }
        #expect(started, "denoise did not start writing: \(run.standardError)")
        run.send(SIGKILL)
        run.wait(atMost: 5)
        expectNoOrphans(within: 2)
        let afterKill = FolderSnapshot(root.appendingPathComponent("d"))
        let visible = { (snapshot: FolderSnapshot) in snapshot.files.keys.filter { !$0.contains("/.masque-tmp.") }.sorted() }
        #expect(visible(afterKill) == visible(before), "frames were renamed or lost")

        let again = try MasqueRun.toEnd(["denoise", root.appendingPathComponent("d").path])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("60 frames denoised"), "\(again.standardOutput)")
        #expect(visible(FolderSnapshot(root.appendingPathComponent("d"))) == visible(before))
        Expect.noTemporaries(root)
    }

    @Test func aSecondDenoiseOfTheSameFolderIsRefusedWhileTheFirstRuns() throws {
        try BadInputSetup.frames(in: "d", count: 60, size: "1280x720").make(root)
        let before = FolderSnapshot(root.appendingPathComponent("d"))
        let first = try MasqueRun(["denoise", root.appendingPathComponent("d").path])
        let started = MasqueRun.waitFor(seconds: 60) { workInProgress(in: "d", files: 62) }
        #expect(started, "denoise did not start: \(first.standardError)")
        let second = try MasqueRun.toEnd(["denoise", root.appendingPathComponent("d").path], seconds: 30)
        #expect(second.status == 1)
        #expect(second.errorLines == ["masque: error: \(root.path)/d is being written by another masque process; wait for it to finish (or stop it) and run again"])
        first.send(SIGINT)
        #expect(first.wait(atMost: 5), "masque did not stop after SIGINT")
        expectNoOrphans(within: 2)
        if first.status == 130 {
            #expect(FolderSnapshot(root.appendingPathComponent("d")) == before, "an interrupted denoise changed the frames")
        }
    }

    @Test func extractFramesStopsWithinASecondOnSIGTERMAndRemovesItsPartialFrames() throws {
        try SyntheticVideo.make(at: root.appendingPathComponent("v.mp4"), seconds: 30, width: 640, height: 360, withAudio: false)
        let run = try MasqueRun(["extract-frames", root.appendingPathComponent("v.mp4").path])
        let started = MasqueRun.waitFor(seconds: 60) { workInProgress(in: "v", files: 3) }
        #expect(started, "extract-frames did not start writing: \(run.standardError)")
        let signalled = Date()
        run.send(SIGTERM)
        #expect(run.wait(atMost: 5), "masque ignored SIGTERM")
        let took = Date().timeIntervalSince(signalled)
        #expect(took < 1.5, "masque took \(took) s to stop after SIGTERM")
        #expect(run.status == 130, "\(run.standardError)")
        expectNoOrphans(within: 1)
        #expect(((try? Expect.names(root, "v")) ?? []) == [], "partial frames were left")
        #expect(try Expect.names(root, ".") == ["v.mp4"], "the frames folder this run created is removed")
    }

    @Test func extractFramesKilledLeavesNoFFmpegAndTheNextRunCleansUp() throws {
        try SyntheticVideo.make(at: root.appendingPathComponent("v.mp4"), seconds: 30, width: 640, height: 360, withAudio: false)
        let run = try MasqueRun(["extract-frames", root.appendingPathComponent("v.mp4").path])
        let started = MasqueRun.waitFor(seconds: 60) { workInProgress(in: "v", files: 3) }
        #expect(started, "extract-frames did not start writing: \(run.standardError)")
        run.send(SIGKILL)
        run.wait(atMost: 5)
        expectNoOrphans(within: 2)

        let again = try MasqueRun.toEnd(["extract-frames", root.appendingPathComponent("v.mp4").path, "--fps", "1"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try Expect.names(root, "v") == (1...30).map { String(format: "%05d.png", $0) })
        Expect.noTemporaries(root)
    }

    @Test func aSecondExtractFacesOnTheSameOutputIsRefusedWhileTheFirstRuns() throws {
        try BadInputSetup.frames(in: "f", count: 40, size: "1280x720").make(root)
        let first = try MasqueRun(["extract-faces", "--input", root.appendingPathComponent("f").path, "--device", "cpu"])
        let log = root.appendingPathComponent("f/aligned/.masque-extraction.log")
        let started = MasqueRun.waitFor(seconds: 60) { FileManager.default.fileExists(atPath: log.path) }
        #expect(started, "extract-faces did not start: \(first.standardError)")
        let second = try MasqueRun.toEnd(["extract-faces", "--input", root.appendingPathComponent("f").path, "--device", "cpu"], seconds: 60)
        if first.process.isRunning {
            #expect(second.status == 1)
            #expect(second.errorLines.last == "masque: error: \(root.path)/f/aligned is being written by another masque process; wait for it to finish (or stop it) and run again")
        }
        first.send(SIGINT)
        first.wait(atMost: 5)
        expectNoOrphans(within: 2)
    }
}
