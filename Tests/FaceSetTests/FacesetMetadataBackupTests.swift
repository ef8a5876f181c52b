@testable import FaceSet
import Foundation
import Imaging
import Testing
import TestSupport

/// meta.dat saved by Masque equals the reference's; restoring puts the same metadata back.
@Suite struct FacesetMetadataBackupTests {
    @Test func savedBackupMatchesTheReference() throws {
        let folder = try FacesetPackTests.copy("aligned")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let saved = try FacesetMetadataBackup.save(folder: folder)
        #expect(saved == FacesetPackTests.alignedFaces)

        let masque = try FacesetMetadataBackup.read(folder: folder)
        let reference = try FacesetMetadataBackup.read(folder: FacesetReference.fixture(""))
        #expect(masque.map(\.filename) == reference.map(\.filename))
        #expect(masque.map(\.shape) == reference.map(\.shape))
        #expect(masque.map(\.metadata) == reference.map(\.metadata))

        let lines = try FacesetReference.lines("describe-pickle", [
            folder.appendingPathComponent(FacesetMetadataBackup.fileName).path,
            FacesetReference.fixture(FacesetMetadataBackup.fileName).path,
        ])
        #expect(lines.count == 2 && lines[0] == lines[1], "Python reads Masque's meta.dat as the reference's")
    }

    @Test func restoreWritesTheSavedMetadataBack() throws {
        let folder = try FacesetPackTests.copy("aligned")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try FileManager.default.copyItem(at: FacesetReference.fixture(FacesetMetadataBackup.fileName),
                                         to: folder.appendingPathComponent(FacesetMetadataBackup.fileName))
        for name in FacesetPackTests.alignedFaces {
            try Self.stripMetadata(folder.appendingPathComponent(name))
        }
        let restored = try FacesetMetadataBackup.restore(folder: folder)
        #expect(restored == FacesetPackTests.alignedFaces)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(FacesetMetadataBackup.fileName).path))

        let urls = FacesetPackTests.alignedFaces.map { folder.appendingPathComponent($0) }
        let expectations = try FacesetReference.expectations()
        for (url, python) in zip(urls, try FacesetReference.describeJPEGs(urls)) {
            let expected = try #require(expectations["aligned/" + url.lastPathComponent])
            #expect(python.metadata == expected.metadata, "\(url.lastPathComponent)")
            #expect(python.non_metadata_sha256 == expected.non_metadata_sha256)
            #expect(python.markers == expected.markers)
        }
    }

    @Test func resizedImagesGoThroughTheGivenResizer() throws {
        let folder = try FacesetPackTests.copy("aligned")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try FacesetMetadataBackup.save(folder: folder)
        let edited = folder.appendingPathComponent("00002_0.jpg")
        let original = try [UInt8](Data(contentsOf: edited))
        var jpeg = try JPEGFile(bytes: original, sourceName: "edit")
        jpeg.segments.removeAll { $0.marker == JPEGSegment.app15 }
        let frame = try #require(jpeg.segments.firstIndex { $0.isStartOfFrame })
        jpeg.segments[frame].payload?.replaceSubrange(1..<5, with: [0, 128, 0, 128])
        try Data(jpeg.encoded).write(to: edited)

        let requests = ResizeRequests()
        let restored = try FacesetMetadataBackup.restore(folder: folder, resizer: { jpeg, width, height in
            requests.append([jpeg.count, width, height])
            var resized = try JPEGFile(bytes: jpeg, sourceName: "resize")
            if let frame = resized.segments.firstIndex(where: { $0.isStartOfFrame }) {
                resized.segments[frame].payload?.replaceSubrange(1..<5, with: [UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF)])
            }
            return resized.encoded
        })
        #expect(restored.count == FacesetPackTests.alignedFaces.count)
        #expect(requests.values.map { Array($0.suffix(2)) } == [[64, 64]])
        let image = try AlignedFaceImage(contentsOf: edited)
        #expect(image.jpeg.frameSize?.width == 64)
        #expect(image.metadata == (try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/00002_0.jpg")).metadata))
    }

    @Test func packedFoldersAreNotSaved() throws {
        let folder = try FacesetPackTests.copy("packed")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        #expect(throws: FacesetError.self) { try FacesetMetadataBackup.save(folder: folder) }
    }

    /// Rewrites a JPEG without its APP15 segment (as an external editor would).
    static func stripMetadata(_ url: URL) throws {
        var jpeg = try JPEGFile(bytes: [UInt8](try Data(contentsOf: url)), sourceName: url.path)
        jpeg.segments.removeAll { $0.marker == JPEGSegment.app15 }
        try Data(jpeg.encoded).write(to: url)
    }
}

/// The resizer calls a test saw (the resizer is `@Sendable`).
final class ResizeRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [[Int]] = []

    func append(_ request: [Int]) {
        lock.lock()
        recorded.append(request)
        lock.unlock()
    }

    var values: [[Int]] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}

/// Restore with DFL's resizer, against Tests/Reference/make_resize_fixtures.py.
@Suite struct FacesetMetadataRestoreResizeTests {
    @Test func anUpscaledEditComesBackAtTheSavedSizeAsDFLWritesIt() throws {
        let folder = try makeTemporaryFolder("restore-resize")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reference = ReferenceFixtures.url("faceset_resize/restore")
        let name = "00001_0.jpg"
        try FileManager.default.copyItem(at: reference.appendingPathComponent("edited/\(name)"), to: folder.appendingPathComponent(name))
        try FileManager.default.copyItem(at: reference.appendingPathComponent(FacesetMetadataBackup.fileName),
                                         to: folder.appendingPathComponent(FacesetMetadataBackup.fileName))

        #expect(try FacesetMetadataBackup.restore(folder: folder) == [name])

        let restoredURL = folder.appendingPathComponent(name)
        let expectedURL = reference.appendingPathComponent("expected/\(name)")
        let restored = try AlignedFaceImage(contentsOf: restoredURL)
        #expect(restored.metadata == (try AlignedFaceImage(contentsOf: expectedURL).metadata))
        let pixels = try Image(contentsOf: restoredURL)
        let expected = try Image(contentsOf: expectedURL)
        #expect(pixels.width == 256 && pixels.height == 256)
        let difference = PixelDifference(pixels, expected)
        // Same OpenCV resize and JPEG encoder as the reference: equal up to codec version drift.
        #expect(difference.mean <= 0.25 && difference.maximum <= 4, "\(difference)")
    }
}
