@testable import DFLFormats
@testable import FaceSet
import Foundation
import Testing

/// Masque reads the DFL-layout fixtures written by `make_faceset_fixtures.py` to the values the
/// script put in.
@Suite struct AlignedFaceFixtureTests {
    static let files = [
        "aligned/00001_0.jpg", "aligned/00002_0.jpg", "aligned/00003_0.jpg", "aligned/00004_0.jpg",
        "aligned/00005_0.jpg", "jpeg_variants/progressive.jpg", "jpeg_variants/restart_interval.jpg",
        "jpeg_variants/progressive_restart.jpg",
    ]

    @Test(arguments: files)
    func fixtureReadsToTheReferenceValues(file: String) throws {
        let expected = try #require(try FacesetReference.expectations()[file])
        let bytes = [UInt8](try Data(contentsOf: FacesetReference.fixture(file)))
        let image = try AlignedFaceImage(bytes: bytes, sourceName: file)

        #expect(image.jpeg.encoded == bytes, "segments re-encode to the same bytes")
        #expect(image.jpeg.segments.map { String(hexByte: $0.marker) } == expected.markers)
        let difference = descriptionDifference(referenceDescription(.dict(image.metadata)), expected.metadata ?? "")
        #expect(difference.isEmpty, "\(difference)")

        let face = try image.face()
        #expect(face.faceType.name == expected.face_type)
        #expect(face.landmarks == floatPoints(try #require(expected.landmarks)))
        #expect(face.landmarks.count == 68)
        #expect(face.sourceFilename == expected.source_filename)
        #expect(face.sourceRect.map { [$0.left, $0.top, $0.right, $0.bottom] } == expected.source_rect)
        #expect(face.sourceLandmarks == expected.source_landmarks.map(floatPoints))
        #expect(face.imageToFaceMatrix?.elements == expected.image_to_face_mat)
        let polygons = try #require(expected.polygons)
        #expect(face.xsegPolygons.map(\.kind.rawValue) == polygons.map(\.kind))
        #expect(face.xsegPolygons.map(\.points) == polygons.map { floatPoints($0.points) })
        #expect(face.xsegMask.map { hexadecimal($0.bytes) } == expected.xseg_mask_hex)
        #expect(face.eyebrowsExpandMod == expected.eyebrows_expand_mod)
    }

    @Test func unknownAndLegacyKeysAreKept() throws {
        let image = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/00004_0.jpg"))
        let face = try image.face()
        #expect(face.faceType == .markOnly && face.imageToFaceMatrix == nil)
        for key in ["ie_polys", "pitch_yaw_roll", "relighted", "fanseg_mask", "masque_unknown"] {
            #expect(face.metadata[key] != nil, "\(key)")
        }
        #expect(face.metadata == image.metadata, "an unedited face gives back its dict unchanged")
        // Legacy polygons are (type, points) pairs and come back include-first.
        #expect(face.xsegPolygons.map(\.kind) == [.include, .exclude])
    }

    @Test func arraysAndListsDecodeAlike() throws {
        let listForm = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/00002_0.jpg")).face()
        let arrayForm = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/00003_0.jpg")).face()
        guard case .list = listForm.metadata["landmarks"], case .ndarray(let landmarks) = arrayForm.metadata["landmarks"],
              case .ndarray(let rect32) = listForm.metadata["source_rect"], case .ndarray(let matrix) = arrayForm.metadata["image_to_face_mat"] else {
            Issue.record("fixtures do not hold the expected variants")
            return
        }
        #expect(landmarks.dtype == .float64 && landmarks.shape == [68, 2])
        #expect(rect32.dtype == .int32)
        #expect(matrix.isFortranOrder, "the matrix fixture is Fortran-ordered")
        #expect(arrayForm.imageToFaceMatrix == listForm.imageToFaceMatrix)
        #expect(arrayForm.xsegMask?.format == .png && listForm.xsegMask?.format == .png)
        #expect(arrayForm.eyebrowsExpandMod == 1.5, "a numpy.float64 scalar")
    }

    @Test func restartMarkersStayInsideTheirScan() throws {
        let image = try AlignedFaceImage(contentsOf: FacesetReference.fixture("jpeg_variants/restart_interval.jpg"))
        let restart = try #require(image.jpeg.segments.first { $0.marker == JPEGSegment.restartInterval })
        #expect(restart.payload == [0x00, 0x02], "DRI has its length field and a two-byte interval")
        let scans = image.jpeg.segments.filter { $0.marker == JPEGSegment.startOfScan }
        #expect(scans.count == 1)
        let data = scans[0].entropyCodedData
        let restartMarkers = zip(data, data.dropFirst()).filter { $0.0 == 0xFF && (0xD0...0xD7).contains($0.1) }.count
        #expect(restartMarkers == 7)
        #expect(image.jpeg.frameSize?.height == 64 && image.jpeg.frameSize?.width == 64)
    }

    @Test func progressiveScansAreSeparateSegments() throws {
        let image = try AlignedFaceImage(contentsOf: FacesetReference.fixture("jpeg_variants/progressive.jpg"))
        #expect(image.jpeg.segments.filter { $0.marker == JPEGSegment.startOfScan }.count == 10)
        #expect(image.jpeg.segments.contains { $0.marker == 0xC2 })
        #expect(try image.face().faceType == .wholeFace)
    }

    @Test func aJPEGWithoutMetadataIsNotAnAlignedFace() throws {
        let url = FacesetReference.fixture("aligned/plain_no_metadata.jpg")
        let image = try AlignedFaceImage(contentsOf: url)
        #expect(!image.hasMetadata)
        #expect(throws: FacesetError.self) { try image.face() }
        #expect(throws: FacesetError.self) { try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/not_a_jpeg.png")) }
    }
}

/// An aligned face whose landmarks are not DFL's 68 points is refused when read, naming the file,
/// so sorting, resizing and training never reach geometry that needs 68 points.
@Suite struct AlignedFaceLandmarkCountTests {
    @Test func aFaceWithoutSixtyEightLandmarksIsOneLineNamingIt() throws {
        let face = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/00001_0.jpg")).face()
        var metadata = face.metadata
        metadata["landmarks"] = .list((0..<5).map { _ in .list([.float(1), .float(2)]) })
        #expect {
            try AlignedFace(metadata: metadata, sourceName: "five.jpg")
        } throws: { error in
            "\(error)" == "five.jpg: metadata key 'landmarks' has 5 points, not DFL's 68"
        }
        #expect(try AlignedFace(metadata: face.metadata, sourceName: "ok.jpg").landmarks.count == 68)
    }
}
