import Foundation
@testable import Media
import Testing
import TestSupport

@Suite struct FFmpegLocationTests {
    @Test func missingFromPathSaysHowToInstall() {
        #expect(throws: MediaError.toolNotFound(tool: "ffmpeg", variable: "MASQUE_FFMPEG")) {
            try FFmpegLocation.locate(environment: ["PATH": "/nonexistent"])
        }
        #expect(MediaError.toolNotFound(tool: "ffmpeg", variable: "MASQUE_FFMPEG").description
            == "ffmpeg not found on PATH (install it: apt-get install ffmpeg, or set MASQUE_FFMPEG)")
    }

    @Test func overrideMustBeAnExecutable() {
        #expect(throws: MediaError.toolOverrideInvalid(tool: "ffmpeg", variable: "MASQUE_FFMPEG", path: "/nonexistent")) {
            try FFmpegLocation.locate(environment: ["MASQUE_FFMPEG": "/nonexistent", "PATH": "/usr/bin"])
        }
    }

    @Test func findsToolsOnPathAndHonoursOverrides() throws {
        let folder = try TemporaryDirectory()
        for name in ["ffmpeg", "ffprobe", "other-ffprobe"] {
            try Data("#!/bin/sh\n".utf8).write(to: folder.file(name))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.file(name).path)
        }
        let found = try FFmpegLocation.locate(environment: ["PATH": "/nonexistent:\(folder.url.path)"])
        #expect(found.ffmpeg.path == folder.file("ffmpeg").path)
        #expect(found.ffprobe.path == folder.file("ffprobe").path)
        let overridden = try FFmpegLocation.locate(environment: [
            "PATH": folder.url.path, "MASQUE_FFPROBE": folder.file("other-ffprobe").path,
        ])
        #expect(overridden.ffprobe.lastPathComponent == "other-ffprobe")
    }
}
