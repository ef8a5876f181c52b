@testable import FaceSet
import Foundation
import Testing
import TestSupport

@Suite struct FacesetToolsTests {
    @Test func faceJSONUsesDFLKeyNames() throws {
        let file = "aligned/00002_0.jpg"
        let expected = try #require(try FacesetReference.expectations()[file])
        let data = try FacesetInfo.json(of: AlignedFaceImage(contentsOf: FacesetReference.fixture(file)))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["face_type", "landmarks", "source_filename", "source_rect", "source_landmarks",
                                     "image_to_face_mat", "seg_ie_polys", "xseg_mask", "eyebrows_expand_mod"])
        // JSONDecoder, not JSONSerialization: the latter rounds doubles when parsing on Linux.
        let face = try JSONDecoder().decode(FaceJSON.self, from: data)
        #expect(face.face_type == expected.face_type)
        #expect(face.landmarks == expected.landmarks)
        #expect(face.source_rect == expected.source_rect)
        #expect(face.image_to_face_mat.flatMap { $0 } == expected.image_to_face_mat)
        #expect(hexadecimal(face.xseg_mask) == expected.xseg_mask_hex)
        #expect(face.eyebrows_expand_mod == 1.25)
    }

    struct FaceJSON: Decodable {
        var face_type: String
        var landmarks: [[Double]]
        var source_rect: [Int]
        var image_to_face_mat: [[Double]]
        var xseg_mask: [UInt8]
        var eyebrows_expand_mod: Double
    }

    @Test func folderSummaryCountsFacesTypesAndLabels() throws {
        let summary = try FacesetInfo.summary(folder: FacesetReference.fixture("aligned"))
        #expect(summary == FacesetInfo.Summary(
            faceCount: 5, otherImageCount: 2,
            faceTypes: ["whole_face": 1, "full_face": 1, "head": 1, "mark_only": 1, "midfull_face": 1],
            resolutions: ["64x64": 5], facesWithPolygons: 3, facesWithXSegMask: 2, unreadable: []))
        let json = try JSONEncoder().encode(summary)
        #expect(String(decoding: json, as: UTF8.self).contains("\"faces_with_xseg_mask\":2"))
    }

    @Test func originalFilenamesAreRecoveredAsDFLNumbersThem() throws {
        let folder = try makeTemporaryFolder("recover")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Sorted: a (00002.png), b (00001.png), c (00002.png), d (00001.png), e (no metadata).
        let sources = [("a.jpg", "00002.png"), ("b.jpg", "00001.png"), ("c.jpg", "00002.png"), ("d.jpg", "00001.png")]
        for (name, source) in sources {
            var image = try AlignedFaceImage(contentsOf: FacesetReference.fixture("aligned/00001_0.jpg"))
            image.metadata["source_filename"] = .string(source)
            try image.write(to: folder.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: FacesetReference.fixture("aligned/plain_no_metadata.jpg"),
                                         to: folder.appendingPathComponent("e.jpg"))
        let renames = try OriginalFilenames.restore(folder: folder)
        #expect(renames.map { "\($0.from)>\($0.to)" } == ["a.jpg>00002_0.jpg", "b.jpg>00001_0.jpg", "c.jpg>00002_1.jpg", "d.jpg>00001_1.jpg"])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["00001_0.jpg", "00001_1.jpg", "00002_0.jpg", "00002_1.jpg", "e.jpg"])
        let renamed = try AlignedFaceImage(contentsOf: folder.appendingPathComponent("00002_1.jpg"))
        #expect(renamed.metadata["source_filename"] == .string("00002.png"))
        #expect(try OriginalFilenames.restore(folder: folder).isEmpty, "a second run has nothing to do")
    }

    @Test func recoveringRefusesToOverwriteOtherFiles() throws {
        let folder = try makeTemporaryFolder("recover-clash")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: FacesetReference.fixture("aligned/00001_0.jpg"), to: folder.appendingPathComponent("x.jpg"))
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent("00001_0.jpg"))
        #expect(throws: FacesetError.self) { try OriginalFilenames.restore(folder: folder) }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.jpg").path))
        #expect(OriginalFilenames.stem(of: "00001.png") == "00001" && OriginalFilenames.suffix(of: "a.b.jpg") == ".jpg")
        #expect(OriginalFilenames.stem(of: ".hidden") == ".hidden" && OriginalFilenames.suffix(of: "name") == "")
    }
}
