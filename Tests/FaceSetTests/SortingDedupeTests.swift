@testable import FaceSet
import Foundation
import Testing
import TestSupport

/// Near-duplicate groups per level match the reference, and dedupe moves, never deletes.
@Suite struct SortingDedupeTests {
    private var expectedLevels: [String: [[String: Any]]] {
        get throws { (try SortingFixtures.expected["dedupe"] as! [String: Any])["levels"] as! [String: [[String: Any]]] }
    }

    @Test(arguments: DedupeLevel.allCases)
    func groupsMatchTheReference(level: DedupeLevel) throws {
        let files = try FacesetSorter.faces(in: SortingFixtures.folder).map(\.url)
        let groups = try NearDuplicateFinder.groups(of: files, level: level)
        let expected = try expectedLevels[String(level.rawValue)]!
        #expect(groups.map { files[$0.kept].lastPathComponent } == expected.map { $0["kept"] as! String })
        #expect(groups.map { $0.duplicates.map { files[$0].lastPathComponent } }
            == expected.map { $0["duplicates"] as! [String] })
    }

    @Test func thumbnailDistancesMatchTheReference() throws {
        let distances = (try SortingFixtures.expected["dedupe"] as! [String: Any])["distances"] as! [String: Double]
        let files = try FacesetSorter.faces(in: SortingFixtures.folder).map(\.url)
        let thumbnails = try files.map { DedupeThumbnail(try SortableFace(url: $0, metadata: nil).loadBGR()) }
        for (i, a) in files.enumerated() {
            for (j, b) in files.enumerated() where j > i {
                let reference = distances["\(a.lastPathComponent)|\(b.lastPathComponent)"]!
                #expect(abs(thumbnails[i].distance(to: thumbnails[j]) - reference) < 1e-12)
            }
        }
    }

    @Test func levelsGetLooser() throws {
        let files = try FacesetSorter.faces(in: SortingFixtures.folder).map(\.url)
        let counts = try DedupeLevel.allCases.map { try NearDuplicateFinder.groups(of: files, level: $0).flatMap(\.duplicates).count }
        #expect(counts == counts.sorted() && counts.first! >= 1 && counts.last! > counts.first!)
        #expect(throws: SortError.unknownDedupeLevel(6)) { try DedupeLevel(number: 6) }
    }

    @Test func dedupeMovesDuplicatesIntoTheLevelFolder() throws {
        let folder = try SortingFixtures.temporaryCopy()
        let report = try NearDuplicateFinder.dedupe(folder: folder, level: .close)
        let target = folder.deletingLastPathComponent().appendingPathComponent("aligned_duplicates_level3")
        #expect(report.duplicatesFolder?.standardizedFileURL.path == target.standardizedFileURL.path)
        let moved = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
        let expected = try expectedLevels["3"]!.flatMap { $0["duplicates"] as! [String] }.sorted()
        #expect(moved == expected)
        let remaining = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(remaining).union(moved) == Set(try SortingFixtures.fileNames) && remaining.count + moved.count == 28)
        for name in moved {
            #expect(try Data(contentsOf: target.appendingPathComponent(name)) == SortingFixtures.bytes(of: name))
        }
    }

    @Test func dedupeRefusesToOverwriteAnEarlierDuplicate() throws {
        let folder = try SortingFixtures.temporaryCopy()
        let target = NearDuplicateFinder.duplicatesFolder(for: folder, level: .identical)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("earlier".utf8).write(to: target.appendingPathComponent("00022_0.jpg"))
        #expect(throws: SortError.wouldOverwrite(path: target.appendingPathComponent("00022_0.jpg").path)) {
            try NearDuplicateFinder.dedupe(folder: folder, level: .identical)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 28)
        #expect(try Data(contentsOf: target.appendingPathComponent("00022_0.jpg")) == Data("earlier".utf8))
    }
}
