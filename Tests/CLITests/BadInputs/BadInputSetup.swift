import Foundation
import Testing
import TestSupport

/// One step that lays out a bad input in a test's scratch folder. Paths are relative to it.
/// Everything is generated (ffmpeg's test sources) or copied from committed fixtures.
struct BadInputSetup: Sendable {
    let make: @Sendable (URL) throws -> Void

    /// A committed fixture folder or file (under Tests/Reference) copied to `path`.
    static func fixture(_ fixture: String, at path: String) -> Self {
        Self { root in
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ReferenceFixtures.url(fixture), to: target)
        }
    }

    /// A folder of aligned faces with DFL metadata (five faces, a PNG and a plain JPEG).
    static func alignedFaces(at path: String) -> Self { fixture("faceset/aligned", at: path) }

    /// A folder holding only DFL's faceset.pak of those five faces.
    static func packedFaces(at path: String) -> Self { fixture("faceset/packed", at: path) }

    /// A file with `bytes`.
    static func file(_ path: String, _ bytes: [UInt8]) -> Self {
        Self { root in
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: target)
        }
    }

    /// A file with `text`.
    static func text(_ path: String, _ text: String) -> Self { file(path, Array(text.utf8)) }

    /// `count` frames `00001.png`, … of ffmpeg's moving test picture, `size` like `320x240`.
    static func frames(in path: String, count: Int, size: String = "320x240", format: String = "png") -> Self {
        Self { root in
            let folder = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try ffmpeg(["-f", "lavfi", "-i", "testsrc=size=\(size):rate=25", "-frames:v", "\(count)",
                        folder.appendingPathComponent("%05d.\(format)").path])
        }
    }

    /// One still image of `size` (`1x1`, `1x720`, …) at `path` (the extension picks the format).
    static func image(_ path: String, size: String) -> Self {
        Self { root in
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let scale = size.replacingOccurrences(of: "x", with: ":")
            try ffmpeg(["-f", "lavfi", "-i", "color=c=gray:s=16x16", "-vf", "format=rgb24,scale=\(scale)", "-frames:v", "1", target.path])
        }
    }

    /// The first `length` bytes of `source` written to `path` (`head -c`): a cut-short file.
    static func truncated(_ source: String, to length: Int, at path: String) -> Self {
        Self { root in
            let bytes = try Data(contentsOf: root.appendingPathComponent(source))
            try bytes.prefix(length).write(to: root.appendingPathComponent(path))
        }
    }

    /// A copy of `source` at `path`.
    static func copy(_ source: String, to path: String) -> Self {
        Self { root in
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(source), to: target)
        }
    }

    /// `source`'s bytes written over `path` (an edit in another tool, say).
    static func overwrite(_ path: String, withCopyOf source: String) -> Self {
        Self { root in try Data(contentsOf: root.appendingPathComponent(source)).write(to: root.appendingPathComponent(path)) }
    }

    /// The state an earlier masque command left (`$` in `arguments` is the scratch folder).
    static func masque(_ arguments: [String]) -> Self {
        Self { root in
            let run = try MasqueRun.toEnd(arguments.map { $0.replacingOccurrences(of: "$", with: root.path) })
            guard run.status == 0 else { throw SetupFailure(description: "masque \(arguments) failed: \(run.standardError)") }
        }
    }

    /// A test video (`SyntheticVideo`), with one audio track when `audio`.
    static func video(_ path: String, seconds: Double = 1, audio: Bool = true) -> Self {
        Self { root in try SyntheticVideo.make(at: root.appendingPathComponent(path), seconds: seconds, withAudio: audio) }
    }

    /// A safetensors file whose header declares one float tensor of `shape` and holds no data.
    static func safetensors(_ path: String, shape: [UInt64]) -> Self {
        Self { root in
            let header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[0,0]}}"
            let length = UInt64(header.utf8.count)
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + Array(header.utf8)
            try Data(bytes).write(to: root.appendingPathComponent(path))
        }
    }

    /// A DFL `meta.dat` at `path` (pickle protocol 2, written by hand) saying that `face` had
    /// the image shape `shape` (height, width, channels) and empty metadata.
    static func metadataBackup(_ path: String, face: String, shape: [UInt64]) -> Self {
        Self { root in
            let name = Array(face.utf8)
            var bytes: [UInt8] = [0x80, 2, UInt8(ascii: "}"), UInt8(ascii: "X")]
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: name.count >> (8 * $0)) } + name
            for value in shape {  // LONG1: 8 little-endian bytes, one more so the sign stays positive
                bytes += [0x8A, 9] + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } + [0]
            }
            bytes += [0x87, UInt8(ascii: "}"), 0x86, UInt8(ascii: "s"), UInt8(ascii: ".")]
            try Data(bytes).write(to: root.appendingPathComponent(path))
        }
    }

    /// A copy of `source` under a name that is not valid UTF-8: `prefix` + byte 0xFF + `suffix`.
    static func nonUTF8Copy(of source: String, in folder: String, prefix: String, suffix: String) -> Self {
        Self { root in
            let bytes = try Data(contentsOf: root.appendingPathComponent(source))
            let path = Array(root.appendingPathComponent(folder).path.utf8) + Array("/\(prefix)".utf8) + [0xFF] + Array(suffix.utf8) + [0]
            let descriptor = path.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
            }
            guard descriptor >= 0 else { throw SetupFailure(description: "cannot create a non-UTF-8 name in \(folder)") }
            defer { close(descriptor) }
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        }
    }

    /// `path`, a folder, made read-only (mode 0555); list it after what goes inside it.
    static func readOnly(_ path: String) -> Self {
        Self { root in
            guard chmod(root.appendingPathComponent(path).path, 0o555) == 0 else {
                throw SetupFailure(description: "cannot make \(path) read-only")
            }
        }
    }

    /// A file a killed masque run left: a temporary named for a process that no longer exists.
    static func leftoverTemporary(in folder: String, for name: String) -> Self {
        file("\(folder)/.masque-tmp.999999999.deadbeef.\(name)", [UInt8](repeating: 7, count: 1024))
    }

    private static func ffmpeg(_ arguments: [String]) throws {
        let tool = try #require(PackagePaths.onPath("ffmpeg"), "ffmpeg is not on PATH; install it (apt-get install ffmpeg)")
        let result = try ProcessOutput.run(tool, ["-v", "error", "-y"] + arguments)
        guard result.status == 0 else { throw SetupFailure(description: "ffmpeg failed: \(result.standardError)") }
    }
}

/// A bad input that could not be laid out (ffmpeg failed, a name could not be created).
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
}
