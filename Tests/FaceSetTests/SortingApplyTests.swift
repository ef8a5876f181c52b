@testable import FaceSet
import Foundation
import Support
import Testing
import TestSupport

/// DFL's result handling on a temporary copy: `<parent>/<stem>_trash` and the two-step
/// rename to `%05d<suffix>`.
@Suite struct SortingApplyTests {
    private func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func blurTrashesNonDFLImagesAndRenamesTheRestInOrder() throws {
        let folder = try SortingFixtures.temporaryCopy()
        let trash = folder.deletingLastPathComponent().appendingPathComponent("aligned_trash")
        try FileManager.default.createDirectory(at: trash, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: trash.appendingPathComponent("stale.jpg"))
        try Data("keep".utf8).write(to: trash.appendingPathComponent("notes.txt"))

        let report = try FacesetSorter.sort(folder: folder, method: BlurSort())
        let expected = try SortingFixtures.result("blur")
        #expect(report.applied.trashFolder?.standardizedFileURL.path == trash.standardizedFileURL.path)
        #expect(try names(in: trash) == (expected.trash + ["notes.txt"]).sorted(), "stale images are deleted first")
        for name in expected.trash {
            #expect(try Data(contentsOf: trash.appendingPathComponent(name)) == SortingFixtures.bytes(of: name))
        }
        let renamed = (0..<expected.kept.count).map { String(format: "%05d.jpg", $0) }
        #expect(try names(in: folder) == renamed)
        for (index, name) in expected.kept.enumerated() {
            #expect(try Data(contentsOf: folder.appendingPathComponent(renamed[index])) == SortingFixtures.bytes(of: name),
                    "\(renamed[index]) should hold \(name)")
        }
    }

    @Test func trashFolderIsNamedAfterTheFolderStem() throws {
        let parent = try SortingFixtures.temporaryCopy().deletingLastPathComponent()
        let folder = parent.appendingPathComponent("aligned.v2")
        try FileManager.default.moveItem(at: parent.appendingPathComponent("aligned"), to: folder)
        let report = try FacesetSorter.sort(folder: folder, method: FaceYawSort())
        #expect(report.applied.trashFolder?.lastPathComponent == "aligned_trash")
        #expect(report.applied.trashedFiles.map(\.lastPathComponent) == ["00000.jpg"])
    }

    @Test func nothingMovesWhenARenameWouldOverwriteAnUntouchedFile() throws {
        let folder = try makeTemporaryFolder("masque-sort-clash")
        for name in ["a.jpg", "b.JPG", "00001.JPG"] { try Data(name.utf8).write(to: folder.appendingPathComponent(name)) }
        let faces = try FacesetSorter.faces(in: folder)
        #expect(faces.map(\.fileName) == ["00001.JPG", "a.jpg", "b.JPG"])
        let outcome = SortOutcome(kept: [1, 2], trashed: [], scores: [nil, nil, nil])
        #expect(throws: SortError.wouldOverwrite(path: folder.appendingPathComponent("00001.JPG").path)) {
            try outcome.apply(to: faces, in: folder)
        }
        #expect(try names(in: folder) == ["00001.JPG", "a.jpg", "b.JPG"])
        let reordered = SortOutcome(kept: [2, 1, 0], trashed: [], scores: [nil, nil, nil])
        let applied = try reordered.apply(to: faces, in: folder)
        #expect(applied.renamedFiles.map(\.lastPathComponent) == ["00000.JPG", "00001.jpg", "00002.JPG"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("00000.JPG")) == Data("b.JPG".utf8))
        #expect(try Data(contentsOf: folder.appendingPathComponent("00002.JPG")) == Data("00001.JPG".utf8))
        #expect(applied.trashFolder == nil)
    }

    @Test func nothingMovesWhenATemporaryNameIsStillTaken() throws {
        let folder = try makeTemporaryFolder("masque-sort-temporary")
        for name in ["00001_a.jpg", "a.jpg", "b.jpg"] { try Data(name.utf8).write(to: folder.appendingPathComponent(name)) }
        let faces = try FacesetSorter.faces(in: folder)
        let blocked = SortOutcome(kept: [2, 1, 0], trashed: [], scores: [nil, nil, nil])
        #expect(throws: SortError.wouldOverwrite(path: folder.appendingPathComponent("00001_a.jpg").path)) {
            try blocked.apply(to: faces, in: folder)
        }
        #expect(try names(in: folder) == ["00001_a.jpg", "a.jpg", "b.jpg"])
        let freed = SortOutcome(kept: [0, 1, 2], trashed: [], scores: [nil, nil, nil])
        _ = try freed.apply(to: faces, in: folder)
        #expect(try names(in: folder) == ["00000.jpg", "00001.jpg", "00002.jpg"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("00001.jpg")) == Data("a.jpg".utf8))
    }

    @Test func suffixIsPythonsPathSuffix() {
        let suffix = { (name: String) in SortOutcome.suffix(of: URL(fileURLWithPath: "/x/\(name)")) }
        #expect(suffix("a.jpg") == ".jpg" && suffix("a.b.PNG") == ".PNG" && suffix("a") == "" && suffix(".jpg") == ""
            && suffix("a.") == "")
    }

    @Test func listingFollowsDFL() throws {
        let folder = try makeTemporaryFolder("masque-sort-list")
        for name in ["b.PNG", "a.jpeg", "c.tif", "d.TIFF", "e.txt", "B.jpg", "_.jpg"] {
            try Data().write(to: folder.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub.jpg"), withIntermediateDirectories: true)
        let faces = try FacesetSorter.faces(in: folder)
        #expect(faces.map(\.fileName) == ["B.jpg", "_.jpg", "a.jpeg", "b.PNG", "c.tif", "d.TIFF"])
        #expect(faces.allSatisfy { $0.metadata == nil }, "empty files carry no metadata")
    }

    @Test func unreadableImagesStopTheSortBeforeAnythingMoves() throws {
        let folder = try SortingFixtures.temporaryCopy()
        let broken = folder.appendingPathComponent("00002_0.jpg")
        try Data(try Data(contentsOf: broken).prefix(500)).write(to: broken)
        #expect(throws: SortError.self) {
            try FacesetSorter.sort(folder: folder, method: BrightnessSort())
        }
        #expect(try names(in: folder) == SortingFixtures.fileNames)
        let error = #expect(throws: SortError.self) {
            _ = try BrightnessSort().sort(try SortingFixtures.faces(in: folder), options: SortOptions())
        }
        #expect(error?.description.hasPrefix(broken.path) == true, "\(String(describing: error))")
    }
}
