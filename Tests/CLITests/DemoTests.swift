import Demo
import Foundation
import Testing
import TestSupport

/// `masque demo` at a tiny size: 0.4-second clips (10 frames each) through every stage.
@Suite(.serialized) struct DemoTests {
    static let tiny = ["--seconds", "0.4", "--device", "cpu", "--train-iterations", "3", "--xseg-iterations", "2"]
    static let framesPerClip = 10

    static func count(_ folder: URL, _ fileExtension: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".\(fileExtension)") }.count
    }

    /// The streams of `video` by kind, from ffprobe.
    static func streamKinds(_ video: URL) throws -> [String] {
        let ffprobe = try #require(PackagePaths.onPath("ffprobe"), "ffprobe is not installed (apt-get install ffmpeg)")
        let result = try ProcessOutput.run(ffprobe, ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", video.path])
        return result.standardOutput.split(whereSeparator: \.isNewline).map(String.init)
    }

    @Test func stopsAtAStageThenResumesAfterAKillAndFinishes() throws {
        let folder = try TemporaryDirectory("masque-demo")
        let workspace = folder.file("demo")

        let first = try MasqueBinary.run(["demo", "--workspace", workspace.path, "--until", "frames"] + Self.tiny)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("clips ("), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("frames ("))
        #expect(!first.standardOutput.contains("faces ("))
        for clip in ["data_src.mp4", "data_dst.mp4"] {
            #expect(try Self.streamKinds(workspace.appendingPathComponent(clip)) == ["video", "audio"], "\(clip)")
        }
        #expect(Self.count(workspace.appendingPathComponent("data_src"), "png") == Self.framesPerClip)
        #expect(Self.count(workspace.appendingPathComponent("data_dst"), "png") == Self.framesPerClip)
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("data_src/aligned").path))

        // Kill it with SIGKILL once the first src faces are written.
        let masque = try #require(MasqueBinary.url)
        let process = Process()
        process.executableURL = masque
        process.arguments = ["demo", "--workspace", workspace.path] + Self.tiny
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let aligned = workspace.appendingPathComponent("data_src/aligned")
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline, Self.count(aligned, "jpg") == 0 { Thread.sleep(forTimeInterval: 0.02) }
        let killedMidway = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedMidway, "the demo finished before it could be killed")

        let last = try MasqueBinary.run(["demo", "--workspace", workspace.path] + Self.tiny)
        #expect(last.status == 0, "\(last.standardError)")
        #expect(last.standardOutput.contains("clips (already done)"), "\(last.standardOutput)")
        #expect(last.standardOutput.contains("frames (already done)"))
        for stage in ["faces", "sort", "info", "train", "xseg", "merge", "video"] { #expect(last.standardOutput.contains("\(stage) ("), "\(stage)") }
        #expect(last.standardOutput.contains("next:"))
        // One face in every frame, each written once, and a debug image per dst frame.
        #expect(Self.count(aligned, "jpg") == Self.framesPerClip)
        #expect(Self.count(workspace.appendingPathComponent("data_dst/aligned"), "jpg") == Self.framesPerClip)
        #expect(Self.count(workspace.appendingPathComponent("data_dst/aligned_debug"), "jpg") == Self.framesPerClip)
        #expect(last.standardOutput.contains("src: \(Self.framesPerClip) faces (\(Self.framesPerClip) whole_face"), "\(last.standardOutput)")
        #expect(last.standardOutput.contains("SAEHD trained to iteration 3"), "\(last.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("model/demo_SAEHD_preview.png").path))
        #expect(last.standardOutput.contains("\(2 * Self.framesPerClip) faces labelled, XSeg trained to iteration 2, masks applied to \(2 * Self.framesPerClip) faces"),
                "\(last.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("model/XSeg_preview.png").path))

        #expect(Self.count(workspace.appendingPathComponent("data_dst/merged"), "png") == Self.framesPerClip)
        #expect(Self.count(workspace.appendingPathComponent("data_dst/merged_mask"), "png") == Self.framesPerClip)
        let result = workspace.appendingPathComponent("result.mp4")
        #expect(try Self.streamKinds(result) == ["video", "audio"])
        #expect(try Self.streamKinds(workspace.appendingPathComponent("result_mask.mp4")) == ["video"])
        #expect(last.standardOutput.contains("result: \(result.path)"), "\(last.standardOutput)")
        let verified = try MasqueBinary.run(["verify", result.path])
        #expect(verified.status == 0 && verified.standardOutput.contains("is synthetic media"), "\(verified.standardOutput)\(verified.standardError)")

        let again = try MasqueBinary.run(["demo", "--workspace", workspace.path] + Self.tiny)
        #expect(again.status == 0)
        #expect(again.standardOutput.components(separatedBy: "(already done)").count - 1 == DemoStage.allCases.count,
                "\(again.standardOutput)")

        try mergeResumesAfterAKill(workspace)
    }

    /// `masque merge` killed with SIGKILL after some frames are finished: the rerun merges only
    /// the rest, and the finished frames' files are not written again.
    func mergeResumesAfterAKill(_ workspace: URL) throws {
        let frames = workspace.appendingPathComponent("data_dst")
        for stale in ["merged", "merged_mask", "merge_session.json"] {
            try FileManager.default.removeItem(at: frames.appendingPathComponent(stale))
        }
        let arguments = ["merge", "--workspace", workspace.path, "--device", "cpu", "--batch-size", "1"]
        let process = Process()
        process.executableURL = try #require(MasqueBinary.url) as URL
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let session = frames.appendingPathComponent("merge_session.json")
        func finished() -> [String] {
            guard let data = try? Data(contentsOf: session),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let done = object["finished"] as? [String: Any] else { return [] }
            return Array(done.keys)
        }
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline, finished().count < 2 { Thread.sleep(forTimeInterval: 0.01) }
        let killedMidway = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedMidway, "the merge finished before it could be killed")
        let done = finished()
        let dates = try done.map { try FileManager.default.attributesOfItem(atPath: frames.appendingPathComponent("merged/\($0).png").path)[.modificationDate] as! Date }
        let rerun = try MasqueBinary.run(arguments)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(rerun.standardOutput.contains("merged \(Self.framesPerClip - done.count) frames (\(done.count) already done"), "\(rerun.standardOutput)")
        for (stem, date) in zip(done, dates) {
            let now = try FileManager.default.attributesOfItem(atPath: frames.appendingPathComponent("merged/\(stem).png").path)[.modificationDate] as! Date
            #expect(now == date, "\(stem) was merged again")
        }
        #expect(Self.count(frames.appendingPathComponent("merged"), "png") == Self.framesPerClip)

        // A full disk (a file-size limit) stops the merge with one line and leaves nothing half
        // written; the rerun merges the frames the changed setting asks for again.
        let retuned = arguments + ["--set", "blur_mask_modifier=41"]
        let limited = try ProcessOutput.run(URL(fileURLWithPath: "/bin/bash"),
                                            ["-c", "ulimit -f 64; exec \"$0\" \"$@\"", try #require(MasqueBinary.url).path] + retuned)
        #expect(limited.status == 1, "\(limited.standardOutput)\(limited.standardError)")
        let errors = limited.errorLines.filter { $0.hasPrefix("masque: error:") }
        #expect(errors.count == 1 && errors[0].contains("merged"), "\(limited.standardError)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: frames.appendingPathComponent("merged").path).filter { $0.contains("masque-tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        let recovered = try MasqueBinary.run(retuned)
        #expect(recovered.status == 0 && recovered.standardOutput.contains("merged \(Self.framesPerClip) frames (0 already done"),
                "\(recovered.standardOutput)\(recovered.standardError)")
    }

    @Test func refusesAFolderHoldingSomeoneElsesFiles() throws {
        let folder = try TemporaryDirectory("masque-demo-refuse")
        let mine = folder.file("notes.txt")
        try Data("my own notes".utf8).write(to: mine)

        let result = try MasqueBinary.run(["demo", "--workspace", folder.url.path] + Self.tiny)

        #expect(result.status != 0)
        #expect(result.errorLines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("did not make") && result.standardError.contains(folder.url.path))
        #expect(try folder.contents() == ["notes.txt"])
        #expect(try Data(contentsOf: mine) == Data("my own notes".utf8))
    }
}
