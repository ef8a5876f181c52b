import Foundation
@testable import Support
import Testing
import TestSupport

/// The shared rules of issue 9: temporaries a killed run left are recognised and removed, a
/// folder is locked against a second writer, data is not replaced by less without consent,
/// names are read as bytes, and a file where a folder is expected says so.
@Suite struct SafetyRulesTests {
    @Test func leftoversOfDeadRunsAreRemovedAndLiveOnesKept() throws {
        let folder = try TemporaryDirectory()
        let dead = folder.file(TemporaryName.prefix + "999999999.deadbeef.frames")
        try FileManager.default.createDirectory(at: dead, withIntermediateDirectories: true)
        try Data([1]).write(to: dead.appendingPathComponent("00001.png"))
        let mine = TemporaryName.beside(folder.file("result.mp4"))
        try Data([2]).write(to: mine)
        try Data([3]).write(to: folder.file("00001.png"))
        #expect(mine.lastPathComponent.hasSuffix(".result.mp4"), "the destination's extension is kept")
        #expect(TemporaryName.destinationName(of: mine.lastPathComponent) == "result.mp4")

        #expect(TemporaryName.removeLeftovers(in: folder.url) == 1)
        #expect(try folder.contents() == [mine.lastPathComponent, "00001.png"].sorted())
    }

    @Test func aLockedFolderRefusesASecondLockUntilReleased() throws {
        let folder = try TemporaryDirectory()
        var first: FolderLock? = try FolderLock(folder.url)
        #expect(throws: FileError.folderBusy(path: folder.url.path)) { _ = try FolderLock(folder.url) }
        #expect(first != nil)
        first = nil
        _ = try FolderLock(folder.url)
    }

    @Test func lockingRemovesLeftoversButSparesWhatTheCallerKeeps() throws {
        let folder = try TemporaryDirectory()
        let journaled = folder.file(TemporaryName.prefix + "999999999.aaaaaaaa.denoise")
        let stale = folder.file(TemporaryName.prefix + "999999999.bbbbbbbb.frames")
        for url in [journaled, stale] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        _ = try FolderLock(folder.url, keep: { $0.lastPathComponent == journaled.lastPathComponent })
        #expect(try folder.contents() == [journaled.lastPathComponent])
    }

    @Test func replacingWithLessNeedsForceWithoutATerminal() throws {
        #expect(throws: FileError.wouldLoseData(path: "/w/faceset.pak", loss: "holds 90 faces")) {
            try ReplaceConsent(force: false).confirm(path: "/w/faceset.pak", loss: "holds 90 faces")
        }
        try ReplaceConsent(force: true).confirm(path: "/w/faceset.pak", loss: "holds 90 faces")
        #expect(FileError.wouldLoseData(path: "/w/faceset.pak", loss: "holds 90 faces").message
            == "/w/faceset.pak holds 90 faces; nothing was changed: pass --force to go ahead, or move it away first")
    }

    @Test func namesThatAreNotUTF8AreListedWithTheirBytes() throws {
        let folder = try TemporaryDirectory()
        try Data([1]).write(to: folder.file("good.png"))
        let path = Array(folder.url.path.utf8) + Array("/bad".utf8) + [0xFF, 0x2E, 0x70, 0x6E, 0x67, 0]
        let descriptor = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
        #expect(descriptor >= 0)
        close(descriptor)
        let entries = try FolderListing.entries(in: folder.url)
        #expect(entries.names == ["good.png"])
        #expect(entries.undecodable == ["bad\\xFF.png"])
    }

    @Test func aFileWhereAFolderIsExpectedSaysSo() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("frames.png")
        try Data([1]).write(to: file)
        #expect(throws: FileError.notAFolder(path: file.path)) { try PathKind.requireFolder(file) }
        #expect(throws: FileError.notAFile(path: folder.url.path)) { try PathKind.requireFile(folder.url) }
        #expect(throws: FileError.missingInput(path: folder.file("none").path)) { try PathKind.requireFolder(folder.file("none")) }
        #expect(FileError.notAFolder(path: file.path).message == "\(file.path) is a file, not a folder; give the folder that holds the images")
    }

    @Test func foundationErrorsGiveTheSystemsReason() throws {
        let folder = try TemporaryDirectory()
        try Data([1]).write(to: folder.file("file"))
        do {
            try FileManager.default.createDirectory(at: folder.file("file/sub"), withIntermediateDirectories: true)
            Issue.record("a folder was created under a file")
        } catch {
            #expect(FileError.reason(error) == "Not a directory")
        }
    }
}
