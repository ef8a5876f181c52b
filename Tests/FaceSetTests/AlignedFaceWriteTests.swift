@testable import DFLFormats
@testable import FaceSet
import Foundation
import Imaging
import Testing
import TestSupport

/// What Masque writes into aligned JPEGs is what DFL would write, and the reference reads it back.
@Suite struct AlignedFaceWriteTests {
    @Test func unchangedResaveKeepsEveryByteButTheMetadataPickle() throws {
        let folder = try makeTemporaryFolder("resave")
        defer { try? FileManager.default.removeItem(at: folder) }
        let expectations = try FacesetReference.expectations()
        var written: [URL] = []
        for file in AlignedFaceFixtureTests.files {
            let original = try AlignedFaceImage(contentsOf: FacesetReference.fixture(file))
            let face = try original.face()
            var image = original
            image.setFace(face)
            let bytes = try image.encoded()
            let reread = try AlignedFaceImage(bytes: bytes, sourceName: file)
            #expect(reread.metadata == original.metadata, "\(file)")
            #expect(reread.jpeg.segments.map(\.marker) == original.jpeg.segments.map(\.marker), "APP15 stays in place")
            #expect(reread.jpeg.segments.filter { $0.marker != JPEGSegment.app15 }
                == original.jpeg.segments.filter { $0.marker != JPEGSegment.app15 })
            let url = folder.appendingPathComponent(file.replacingOccurrences(of: "/", with: "_"))
            try Data(bytes).write(to: url)
            written.append(url)
        }
        let described = try FacesetReference.describeJPEGs(written)
        for (file, python) in zip(AlignedFaceFixtureTests.files, described) {
            let expected = try #require(expectations[file])
            #expect(python.metadata == expected.metadata, "\(file)")
            #expect(python.non_metadata_sha256 == expected.non_metadata_sha256, "\(file)")
            #expect(python.markers == expected.markers, "\(file)")
        }
    }

    @Test func editedFaceIsWhatPythonReads() throws {
        let folder = try makeTemporaryFolder("edited")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = "aligned/00002_0.jpg"
        var image = try AlignedFaceImage(contentsOf: FacesetReference.fixture(file))
        var face = try image.face()
        face.faceType = .head
        face.landmarks = face.landmarks.map { $0 + SIMD2(1.5, -0.25) }
        face.sourceRect = SourceRect(left: -3, top: 7, right: 1_000_000, bottom: 12)
        face.xsegPolygons.append(XSegPolygon(kind: .exclude, points: [SIMD2(1, 2), SIMD2(3.25, 4), SIMD2(0.5, 9)]))
        face.xsegMask = nil
        face.eyebrowsExpandMod = 0.75
        image.setFace(face)
        let url = folder.appendingPathComponent("00002_0.jpg")
        try image.write(to: url)

        let metadata = image.metadata
        guard case .ndarray(let rect)? = metadata["source_rect"] else {
            Issue.record("source_rect is not an array")
            return
        }
        #expect(rect.dtype == .int32, "the rect keeps the dtype it was stored with")
        #expect(metadata["xseg_mask"] == nil)
        #expect(metadata.keys.map { $0.stringValue ?? "" } == [
            "face_type", "landmarks", "source_filename", "source_rect", "source_landmarks", "image_to_face_mat",
            "seg_ie_polys", "eyebrows_expand_mod",
        ])

        let python = try #require(try FacesetReference.describeJPEGs([url]).first)
        let difference = descriptionDifference(referenceDescription(.dict(metadata)), python.metadata ?? "")
        #expect(difference.isEmpty, "\(difference)")
        #expect(python.non_metadata_sha256 == (try FacesetReference.expectations()[file]?.non_metadata_sha256))
        let reread = try AlignedFaceImage(contentsOf: url).face()
        #expect(reread.landmarks == face.landmarks && reread.sourceRect == face.sourceRect)
        #expect(reread.xsegPolygons == XSegPolygon.includeFirst(face.xsegPolygons) && reread.xsegMask == nil)
        #expect(reread.faceType == .head && reread.eyebrowsExpandMod == 0.75)
    }

    @Test func newFaceOnAPlainJPEGIsWrittenAsDFLsExtractorDoes() throws {
        let folder = try makeTemporaryFolder("new-face")
        defer { try? FileManager.default.removeItem(at: folder) }
        var image = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/plain_no_metadata.jpg"))
        let landmarks = (0..<68).map { SIMD2(Float($0) * 0.5, 64 - Float($0) * 0.25) }
        let face = AlignedFace(
            faceType: .wholeFace, landmarks: landmarks, sourceFilename: "00042.png",
            sourceRect: SourceRect(left: 10, top: 20, right: 110, bottom: 140),
            sourceLandmarks: landmarks.map { $0 * 2 },
            imageToFaceMatrix: AffineMatrix(elements: [0.5, 0, -5, 0, 0.5, -10]),
            xsegMask: EncodedXSegMask(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]))
        image.setFace(face)
        #expect(image.metadata.keys.map { $0.stringValue ?? "" } == [
            "face_type", "landmarks", "source_filename", "source_rect", "source_landmarks", "image_to_face_mat", "xseg_mask",
        ])
        let url = folder.appendingPathComponent("00042_0.jpg")
        try image.write(to: url)
        let python = try #require(try FacesetReference.describeJPEGs([url]).first)
        #expect(python.markers.prefix(3) == ["D8", "E0", "EF"], "APP15 follows the JFIF APP0")
        #expect(python.metadata == referenceDescription(.dict(image.metadata)))
        #expect(python.shape == [64, 64, 3])
        #expect(try AlignedFaceImage(contentsOf: url).face() == (try AlignedFace(metadata: image.metadata, sourceName: "")))
    }

    @Test func metadataGoesAfterTheLastApplicationSegment() throws {
        let plain = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/plain_no_metadata.jpg"))
        let landmarks = (0..<68).map { SIMD2<Float>(Float($0), 2) }
        let face = AlignedFace(faceType: .full, landmarks: landmarks)
        func markers(_ segments: [JPEGSegment]) throws -> [UInt8] {
            var image = AlignedFaceImage(jpeg: JPEGFile(segments: segments), metadata: PickleDictionary(), sourceName: "t.jpg")
            image.setFace(face)
            let encoded = try AlignedFaceImage(bytes: try image.encoded(), sourceName: "t.jpg")
            #expect(try encoded.face().landmarks == landmarks)
            return encoded.jpeg.segments.map(\.marker)
        }
        var segments = plain.jpeg.segments
        segments.remove(at: 1)
        #expect(try markers(segments).prefix(3) == [0xD8, 0xEF, 0xDB], "no APPn: directly after SOI")
        segments = plain.jpeg.segments
        segments.insert(JPEGSegment(marker: 0xE1, payload: Array("Exif\0\0".utf8)), at: 2)
        #expect(try markers(segments).prefix(4) == [0xD8, 0xE0, 0xE1, 0xEF])
        segments = plain.jpeg.segments
        segments.insert(JPEGSegment(marker: JPEGSegment.app15, payload: try PickleWriter().write(.dict([.string("landmarks"): .list([])]))), at: 2)
        segments.insert(JPEGSegment(marker: 0xE2, payload: [1, 2, 3]), at: 3)
        #expect(try markers(segments).prefix(4) == [0xD8, 0xE0, 0xE2, 0xEF], "the old APP15 is replaced")
    }

    @Test func metadataOverASegmentsCapacityIsRefused() throws {
        let folder = try makeTemporaryFolder("oversized")
        defer { try? FileManager.default.removeItem(at: folder) }
        var image = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/00001_0.jpg"))
        var face = try image.face()
        face.xsegMask = EncodedXSegMask(bytes: Array(repeating: 7, count: 65_500))
        image.setFace(face)
        let url = folder.appendingPathComponent("big_0.jpg")
        #expect {
            try image.write(to: url)
        } throws: { error in
            let message = "\(error)"
            return message.contains("more than the 65533 a JPEG segment holds") && message.hasPrefix(image.sourceName + ": ")
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        face.xsegMask = EncodedXSegMask(bytes: Array(repeating: 7, count: 50_000))
        image.setFace(face)
        #expect(try image.encoded().count > 50_000)
    }
}
