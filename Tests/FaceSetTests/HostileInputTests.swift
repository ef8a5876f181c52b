@testable import DFLFormats
@testable import FaceGeometry
@testable import FaceSet
import Foundation
import Testing
import TestSupport

/// Aligned faces whose metadata pickles would run code under Python's `pickle.loads`.
@Suite struct HostileInputTests {
    /// `{'landmarks': [], 'face_type': os.system('touch MARKER')}` (protocol 2, GLOBAL).
    static func osSystemPickle(marker: URL) -> [UInt8] {
        bytes("\u{80}\u{02}}q\u{00}(X\u{09}\u{00}\u{00}\u{00}landmarks]X\u{09}\u{00}\u{00}\u{00}face_type")
            + bytes("cos\nsystem\n") + unicodeString("touch \(marker.path)") + bytes("\u{85}Ru.")
    }

    /// `builtins.eval("__import__('os').system('touch MARKER')")` (protocol 3, GLOBAL + REDUCE).
    static func builtinsEvalPickle(marker: URL) -> [UInt8] {
        bytes("\u{80}\u{03}cbuiltins\neval\n") + unicodeString("__import__('os').system('touch \(marker.path)')")
            + bytes("\u{85}R.")
    }

    /// `subprocess.Popen(['touch', MARKER])` (protocol 4, STACK_GLOBAL).
    static func subprocessPickle(marker: URL) -> [UInt8] {
        bytes("\u{80}\u{04}") + shortString("subprocess") + shortString("Popen") + bytes("\u{93}]")
            + shortString("touch") + bytes("a") + shortString(marker.path) + bytes("a\u{85}R.")
    }

    @Test(arguments: ["os.system", "builtins.eval", "subprocess.Popen"])
    func hostileMetadataIsRefusedAndNothingRuns(global: String) throws {
        let folder = try makeTemporaryFolder("hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let marker = folder.appendingPathComponent("payload-ran")
        let payload: [UInt8]
        switch global {
        case "os.system": payload = Self.osSystemPickle(marker: marker)
        case "builtins.eval": payload = Self.builtinsEvalPickle(marker: marker)
        default: payload = Self.subprocessPickle(marker: marker)
        }
        let original = try [UInt8](Data(contentsOf: FacesetReference.fixture("aligned/00001_0.jpg")))
        var jpeg = try JPEGFile(bytes: original, sourceName: "fixture")
        let index = try #require(jpeg.segments.firstIndex { $0.marker == JPEGSegment.app15 })
        jpeg.segments[index].payload = payload
        let hostile = folder.appendingPathComponent("hostile_0.jpg")
        try Data(jpeg.encoded).write(to: hostile)

        do {
            _ = try AlignedFaceImage(contentsOf: hostile)
            Issue.record("hostile metadata was accepted")
        } catch {
            let message = error.description
            #expect(message.hasPrefix(hostile.path + ": "))
            #expect(message.contains("refused global \(global)"))
            #expect(!message.contains("\n"))
        }
        #expect {
            try FacesetPack.pack(folder: folder)
        } throws: { error in
            "\(error)".contains("holds no aligned face to pack")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(FacesetPack.fileName).path))
        #expect(!FileManager.default.fileExists(atPath: marker.path))

        // The same bytes do run under Python's own unpickler: the payload is live.
        let payloadFile = folder.appendingPathComponent("payload.pkl")
        try Data(payload).write(to: payloadFile)
        _ = try? PythonReference.run(
            "import pickle, sys, time; pickle.loads(open(sys.argv[1], 'rb').read()); time.sleep(0.3)",
            arguments: [payloadFile.path])
        #expect(FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func anyUnknownGlobalIsRefusedByName() {
        for (module, name) in [("posix", "system"), ("nt", "system"), ("numpy", "load"), ("numpy.core.multiarray", "fromstring"),
                               ("facelib.FaceType", "FaceTypeX"), ("copyreg", "_reconstructor")] {
            let pickle = bytes("\u{80}\u{02}c\(module)\n\(name)\n)R.")
            #expect {
                try PickleReader(sourceName: "x.dat").read(pickle)
            } throws: { error in
                "\(error)" == "x.dat: pickle data refused at byte 2: refused global \(module).\(name) (only NumPy data and DFL enums are allowed)"
            }
        }
    }

    private static func bytes(_ text: String) -> [UInt8] { text.unicodeScalars.map { UInt8($0.value) } }
    private func bytes(_ text: String) -> [UInt8] { Self.bytes(text) }

    private static func unicodeString(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return [0x58] + (0..<4).map { UInt8(truncatingIfNeeded: utf8.count >> (8 * $0)) } + utf8
    }

    private static func shortString(_ text: String) -> [UInt8] {
        [0x8C, UInt8(text.utf8.count)] + Array(text.utf8)
    }
}
