import Foundation
import Testing
import TestSupport

@Suite struct CLIInterruptTests {
    /// A stand-in ffmpeg that writes part of its output file, announces itself by creating
    /// `started`, and then runs until it is signalled, like a long encode.
    func writeSlowFFmpeg(in folder: TemporaryDirectory) throws -> URL {
        let script = folder.file("slow-ffmpeg")
        let marker = folder.file("started").path
        let text = """
        #!/bin/sh
        previous=""
        for argument in "$@"; do output="$previous"; previous="$argument"; done
        printf 'partial video' > "$output"
        touch '\(marker)'
        exec sleep 30
        """
        try Data(text.utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    @Test func ctrlCStopsFFmpegAndRemovesThePartialVideo() throws {
        let folder = try TemporaryDirectory("masque-interrupt")
        let frames = folder.file("merged")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
                            0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        for index in 1...3 {
            try Data(png).write(to: frames.appendingPathComponent(String(format: "%05d.png", index)))
        }
        let slowFFmpeg = try writeSlowFFmpeg(in: folder)

        let masque = try #require(MasqueBinary.url, "masque is not built")
        let process = Process()
        process.executableURL = masque
        process.arguments = ["video-from-frames", frames.path, "--out", folder.file("result.mp4").path]
        process.environment = ProcessInfo.processInfo.environment.merging(["MASQUE_FFMPEG": slowFFmpeg.path]) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: folder.file("started").path) && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try folder.contents().contains { $0.hasPrefix(".masque-tmp.") && $0.hasSuffix(".result.mp4") })
        process.interrupt()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        #expect(process.terminationStatus == 130)
        #expect(stderr.contains("masque: error: interrupted"))
        #expect(try folder.contents() == ["merged", "slow-ffmpeg", "started"])
    }
}
