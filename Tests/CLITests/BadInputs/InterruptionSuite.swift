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

    /// `count` aligned faces in `folder` (copies of the five fixture faces under their own
    /// names); their bytes by name.
    private func manyFaces(in folder: String, count: Int) throws -> [String: Data] {
        let target = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let sources = try (1...5).map { try Data(contentsOf: ReferenceFixtures.url(String(format: "faceset/aligned/%05d_0.jpg", $0))) }
        var faces: [String: Data] = [:]
        for index in 0..<count {
            let name = String(format: "%05d_0.jpg", index + 1)
            faces[name] = sources[index % sources.count]
            try faces[name]!.write(to: target.appendingPathComponent(name))
        }
        return faces
    }

    /// The faces `folder/faceset.pak` gives back, unpacked (by masque, `--keep-pack`) from a copy.
    private func unpackedCopy(of folder: String, as copy: String) throws -> [String: Data] {
        let source = root.appendingPathComponent(folder).appendingPathComponent("faceset.pak")
        let target = root.appendingPathComponent(copy)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target.appendingPathComponent("faceset.pak"))
        let unpack = try MasqueRun.toEnd(["faceset", "unpack", target.path, "--keep-pack"])
        #expect(unpack.status == 0, "the pak left by the killed run does not read back: \(unpack.standardError)")
        var faces: [String: Data] = [:]
        for name in try Expect.names(root, copy) where name.hasSuffix(".jpg") {
            faces[name] = try Data(contentsOf: target.appendingPathComponent(name))
        }
        try FileManager.default.removeItem(at: target)
        return faces
    }

    /// `faceset pack --delete-originals` killed (SIGKILL) at the moment `killWhen` first holds:
    /// every face is still an original JPEG on disk or in a complete pak, and a re-run finishes.
    private func packKilled(when moment: String, count: Int = 1000, _ killWhen: @escaping (URL) -> Bool) throws {
        let faces = try manyFaces(in: "F", count: count)
        let folder = root.appendingPathComponent("F")
        let run = try MasqueRun(["faceset", "pack", folder.path, "--delete-originals"])
        let reached = MasqueRun.waitFor(seconds: 60, every: 0.001) { killWhen(folder) }
        #expect(reached, "pack never reached the moment \(moment): \(run.standardError)")
        run.send(SIGKILL)
        run.wait(atMost: 5)

        let names = try Expect.names(root, "F")
        let packed = names.contains("faceset.pak") ? try unpackedCopy(of: "F", as: "check") : [:]
        var lost: [String] = []
        for (name, bytes) in faces {
            if let original = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) {
                #expect(original == bytes, "\(name) was changed on disk")
            } else if packed[name] != bytes {
                lost.append(name)
            }
        }
        #expect(lost.isEmpty, "killed \(moment): \(lost.count) faces neither on disk nor in the pak, e.g. \(lost.sorted().prefix(3))")

        let again = try MasqueRun.toEnd(["faceset", "pack", folder.path, "--delete-originals"])
        if names == ["faceset.pak"] {  // killed after the last original went: the job was done
            #expect(again.errorLines == ["masque: error: \(folder.path): holds no aligned face to pack (.jpg with DFL metadata); nothing was written"])
        } else {
            #expect(again.status == 0, "the re-run after a kill \(moment) failed: \(again.standardError)")
        }
        #expect(try Expect.names(root, "F") == ["faceset.pak"], "the re-run leaves only the pak")
        #expect(try unpackedCopy(of: "F", as: "final") == faces, "the final pak holds every face as it was")
        Expect.noTemporaries(root)
    }

    @Test func packDeletingOriginalsKilledWhileWritingOrReadingBackThePakLosesNoFace() throws {
        try packKilled(when: "while writing or reading back the pak") { folder in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.contains { $0.hasPrefix(".masque-tmp.") } || names.contains("faceset.pak")
        }
    }

    @Test func packDeletingOriginalsKilledWhileDeletingLosesNoFace() throws {
        try packKilled(when: "while deleting originals") { folder in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.contains("faceset.pak") && names.count < 1001
        }
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
