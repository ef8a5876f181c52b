import Foundation
@testable import Support
import Testing
import TestSupport

@Suite struct AtomicFileTests {
    struct SimulatedCrash: Error {}

    @Test func replacesContentAndLeavesNoTemporaryFiles() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("state.json")
        try AtomicFile.write(Data("old".utf8), to: file)
        try AtomicFile.write(Data("new content".utf8), to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new content")
        #expect(try folder.contents() == ["state.json"])
    }

    @Test func oldContentSurvivesAFailureMidWrite() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("weights.safetensors")
        try AtomicFile.write(Data("old weights".utf8), to: file)

        #expect(throws: SimulatedCrash.self) {
            try AtomicFile.write(to: file) { handle in
                try handle.write(contentsOf: Data("half of the new wei".utf8))
                throw SimulatedCrash()
            }
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "old weights")
        #expect(try folder.contents() == ["weights.safetensors"])
    }

    @Test func keepsTheModeOfAReplacedFile() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("run.sh")
        try AtomicFile.write(Data("a".utf8), to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: file.path)
        try AtomicFile.write(Data("b".utf8), to: file)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o750)
    }

    @Test func missingFolderIsAOneLineErrorNamingTheFile() throws {
        let folder = try TemporaryDirectory()
        let file = folder.url.appendingPathComponent("missing/state.json")
        do {
            try AtomicFile.write(Data("x".utf8), to: file)
            Issue.record("expected an error")
        } catch {
            let message = ErrorMessage.oneLine(error)
            #expect(message.contains(file.path))
            #expect(!message.contains("\n"))
        }
    }
}
