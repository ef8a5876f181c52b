import Foundation
import Testing
import TestSupport

/// `masque faceset …` on the committed DFL-layout fixtures (Tests/Reference/faceset,
/// Tests/Reference/faceset_resize).
@Suite struct CLIFacesetTests {
    static let alignedFaces = ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg", "00004_0.jpg", "00005_0.jpg"]

    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory("masque-cli-faceset")
    }

    /// A copy of a fixture folder, named `name` in the temporary folder.
    private func copy(_ fixture: String, as name: String) throws -> URL {
        let target = folder.file(name)
        try FileManager.default.copyItem(at: ReferenceFixtures.url(fixture), to: target)
        return target
    }

    private func run(_ arguments: [String]) throws -> ProcessOutput {
        try MasqueBinary.run(["faceset"] + arguments)
    }

    /// `faceset info PATH --json`, parsed.
    private func infoJSON(_ url: URL) throws -> [String: Any] {
        let result = try run(["info", url.path, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    // MARK: - pack, unpack

    @Test func packThenUnpackRestoresIdenticalFiles() throws {
        let aligned = try copy("faceset/aligned", as: "aligned")
        let originals = try Self.alignedFaces.map { try Data(contentsOf: aligned.appendingPathComponent($0)) }

        let pack = try run(["pack", aligned.path, "--delete-originals"])
        #expect(pack.status == 0, "\(pack.standardError)")
        #expect(pack.standardOutput == "5 faces packed into \(aligned.appendingPathComponent("faceset.pak").path)\n")
        #expect(pack.errorLines.count == 2 && pack.errorLines.allSatisfy { $0.hasPrefix("masque: warning: \(aligned.path)/") },
                "the PNG and the JPEG without metadata are named and left alone: \(pack.errorLines)")
        #expect(try folder.contents(of: "aligned") == ["faceset.pak", "not_a_jpeg.png", "plain_no_metadata.jpg"])

        let unpack = try run(["unpack", aligned.path])
        #expect(unpack.status == 0, "\(unpack.standardError)")
        #expect(unpack.standardOutput == "5 faces unpacked into \(aligned.path)\n")
        #expect(try folder.contents(of: "aligned") == Self.alignedFaces + ["not_a_jpeg.png", "plain_no_metadata.jpg"])
        for (name, original) in zip(Self.alignedFaces, originals) {
            #expect(try Data(contentsOf: aligned.appendingPathComponent(name)) == original, "\(name)")
        }
    }

    @Test func aPackDFLWroteUnpacksAndCanBeKept() throws {
        let packed = try copy("faceset/packed", as: "packed")
        let unpack = try run(["unpack", packed.path, "--keep-pack"])
        #expect(unpack.status == 0, "\(unpack.standardError)")
        #expect(try folder.contents(of: "packed") == Self.alignedFaces + ["faceset.pak"])
        for name in Self.alignedFaces {
            #expect(try Data(contentsOf: packed.appendingPathComponent(name))
                == Data(contentsOf: ReferenceFixtures.url("faceset/aligned/\(name)")), "\(name)")
        }
    }

    // MARK: - info

    @Test func infoJSONShowsOneFaceUnderDFLKeyNames() throws {
        let face = ReferenceFixtures.url("faceset/aligned/00002_0.jpg")
        let object = try infoJSON(face)
        #expect(Set(object.keys) == ["face_type", "landmarks", "source_filename", "source_rect", "source_landmarks",
                                     "image_to_face_mat", "seg_ie_polys", "xseg_mask", "eyebrows_expand_mod"])
        let result = try run(["info", face.path, "--json"])
        // JSONDecoder, not JSONSerialization: the latter rounds doubles when parsing on Linux.
        let values = try JSONDecoder().decode(FaceValues.self, from: Data(result.standardOutput.utf8))
        let expectations = try JSONDecoder().decode([String: FaceValues.Expected].self,
                                                    from: Data(contentsOf: ReferenceFixtures.url("faceset/expected.json")))
        let expected = try #require(expectations["aligned/00002_0.jpg"])
        #expect(values.face_type == expected.face_type)
        #expect(values.landmarks == expected.landmarks)
        #expect(values.source_filename == expected.source_filename)
        #expect(values.source_rect == expected.source_rect)
        #expect(values.image_to_face_mat.flatMap { $0 } == expected.image_to_face_mat)
        #expect(values.eyebrows_expand_mod == expected.eyebrows_expand_mod)
        // As stored (exclude first); the fixture lists them in DFL's include-first order.
        let stored = values.seg_ie_polys.polys.filter { $0.type == 1 } + values.seg_ie_polys.polys.filter { $0.type == 0 }
        #expect(values.seg_ie_polys.polys.map(\.type) == [0, 1, 1])
        #expect(stored.map(\.type) == expected.polygons?.map(\.kind))
        #expect(stored.map(\.pts) == expected.polygons?.map(\.points))
    }

    @Test func infoWithoutJSONDescribesTheFace() throws {
        let result = try run(["info", ReferenceFixtures.url("faceset/aligned/00002_0.jpg").path])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("face type: full_face"))
        #expect(lines.contains("size: 64x64"))
        #expect(lines.contains("source file: 00002.png"))
        #expect(lines.contains("XSeg polygons: 3 (23 points)"))
    }

    @Test func infoOnAFolderSummarisesIt() throws {
        let aligned = ReferenceFixtures.url("faceset/aligned")
        let summary = try infoJSON(aligned)
        #expect(summary["face_count"] as? Int == 5)
        #expect(summary["other_image_count"] as? Int == 2)
        #expect(summary["faces_with_polygons"] as? Int == 3)
        #expect(summary["faces_with_xseg_mask"] as? Int == 2)
        #expect(summary["resolutions"] as? [String: Int] == ["64x64": 5])
        #expect(summary["face_types"] as? [String: Int]
            == ["whole_face": 1, "full_face": 1, "head": 1, "mark_only": 1, "midfull_face": 1])

        let text = try run(["info", aligned.path])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("\nfaces: 5\n"))
        #expect(text.standardOutput.contains("face types: full_face 1, head 1, mark_only 1, midfull_face 1, whole_face 1\n"))
        #expect(text.standardOutput.contains("with XSeg polygons: 3\nwith XSeg mask: 2\n"))
    }

    // MARK: - resize

    @Test func resizeKeepingTheFaceTypeWritesTheResizedFolder() throws {
        let faces = try copy("faceset_resize/input", as: "aligned")
        let before = try folder.contents(of: "aligned").map { try Data(contentsOf: faces.appendingPathComponent($0)) }
        let result = try run(["resize", faces.path, "--size", "128"])
        #expect(result.status == 0, "\(result.standardError)")
        let output = folder.file("aligned_resized")
        #expect(result.standardOutput == "2 faces resized to 128x128 into \(output.path)\n")
        #expect(result.errorLines.contains { $0.hasPrefix("masque: warning: \(faces.path)/00003_0.jpg: is 256x200, not square") })
        #expect(try folder.contents(of: "aligned_resized") == ["00001_0.jpg", "00002_0.jpg"])
        let summary = try infoJSON(output)
        #expect(summary["resolutions"] as? [String: Int] == ["128x128": 2])
        #expect(summary["face_types"] as? [String: Int] == ["whole_face": 1, "head": 1])
        #expect(summary["faces_with_polygons"] as? Int == 1 && summary["faces_with_xseg_mask"] as? Int == 1)
        #expect(try folder.contents(of: "aligned").map { try Data(contentsOf: faces.appendingPathComponent($0)) } == before,
                "the originals are untouched")
    }

    @Test func resizeToAnotherFaceTypeInPlaceReplacesTheOriginals() throws {
        let faces = try copy("faceset_resize/input", as: "aligned")
        let result = try run(["resize", faces.path, "--size", "192", "--face-type", "f", "--in-place"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "2 faces resized to 192x192 in \(faces.path)\n")
        #expect(try folder.contents() == ["aligned"], "aligned_resized is removed")
        let summary = try infoJSON(faces)
        #expect(summary["resolutions"] as? [String: Int] == ["192x192": 2, "256x200": 1])
        #expect(summary["face_types"] as? [String: Int] == ["full_face": 2, "whole_face": 1])
        let face = try infoJSON(faces.appendingPathComponent("00001_0.jpg"))
        let reference = try infoJSON(ReferenceFixtures.url("faceset_resize/full_192/00001_0.jpg"))
        let landmarks = try #require(face["landmarks"] as? [[Double]])
        let expected = try #require(reference["landmarks"] as? [[Double]])
        let worst = zip(landmarks.joined(), expected.joined()).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-3, "landmarks as DFL's resize puts them, off by \(worst)")
    }

    // MARK: - metadata-save, metadata-restore

    @Test func metadataSurvivesAnExternalEditThroughSaveAndRestore() throws {
        let faces = try copy("faceset_resize/input", as: "aligned")
        let originals = try ["00001_0.jpg", "00002_0.jpg"].map { try infoJSON(faces.appendingPathComponent($0)) }

        let save = try run(["metadata-save", faces.path])
        #expect(save.status == 0, "\(save.standardError)")
        #expect(save.standardOutput == "metadata of 3 faces saved to \(faces.appendingPathComponent("meta.dat").path)\n")

        // An upscaler writes 00001 at 320x320 without metadata; another tool strips 00002's.
        try FileManager.default.removeItem(at: faces.appendingPathComponent("00001_0.jpg"))
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset_resize/restore/edited/00001_0.jpg"),
                                         to: faces.appendingPathComponent("00001_0.jpg"))
        try Self.stripMetadata(faces.appendingPathComponent("00002_0.jpg"))
        #expect(try run(["info", faces.appendingPathComponent("00002_0.jpg").path]).status != 0)

        let restore = try run(["metadata-restore", faces.path])
        #expect(restore.status == 0, "\(restore.standardError)")
        #expect(restore.standardOutput == "metadata restored into 3 faces in \(faces.path)\n")
        #expect(try folder.contents(of: "aligned") == ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg"], "meta.dat is removed")
        let summary = try infoJSON(faces)
        #expect(summary["resolutions"] as? [String: Int] == ["256x256": 2, "256x200": 1])
        for (name, original) in zip(["00001_0.jpg", "00002_0.jpg"], originals) {
            let restored = try infoJSON(faces.appendingPathComponent(name))
            #expect(NSDictionary(dictionary: restored).isEqual(to: original), "\(name) has its metadata back")
        }
    }

    // MARK: - recover-filenames

    @Test func recoverFilenamesRenamesAfterTheSourceFrames() throws {
        let faces = folder.file("aligned")
        try FileManager.default.createDirectory(at: faces, withIntermediateDirectories: true)
        for (fixture, name) in [("00002_0.jpg", "a.jpg"), ("00001_0.jpg", "b.jpg")] {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/\(fixture)"), to: faces.appendingPathComponent(name))
        }
        let result = try run(["recover-filenames", faces.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "a.jpg -> 00002_0.jpg\nb.jpg -> 00001_0.jpg\n2 faces renamed in \(faces.path)\n")
        #expect(try folder.contents(of: "aligned") == ["00001_0.jpg", "00002_0.jpg"])
        #expect(try Data(contentsOf: faces.appendingPathComponent("00002_0.jpg"))
            == Data(contentsOf: ReferenceFixtures.url("faceset/aligned/00002_0.jpg")))
    }

    // MARK: - bad input

    @Test(arguments: ["pack", "unpack", "resize", "metadata-save", "metadata-restore", "recover-filenames", "info"])
    func aMissingFolderIsOneLineNamingIt(_ command: String) throws {
        let missing = folder.file("no_such_folder")
        let result = try run([command, missing.path])
        #expect(result.status == 1)
        #expect(result.errorLines == ["masque: error: \(missing.path) does not exist; check the path or put the file there"])
        #expect(try folder.contents().isEmpty)
    }

    /// A JPEG cut inside its metadata cannot be parsed; one cut inside its pixels keeps its
    /// metadata (meta.dat saves it, as DFL does) but cannot be decoded.
    @Test(arguments: [(["resize", "--size", "256"], 300), (["metadata-save"], 300), (["resize", "--size", "256"], 12_000)])
    func aCorruptJPEGStopsTheCommandNamingItAndWritesNothing(_ command: [String], keptBytes: Int) throws {
        let faces = try copy("faceset_resize/input", as: "aligned")
        let corrupt = faces.appendingPathComponent("00002_5.jpg")
        let bytes = try Data(contentsOf: faces.appendingPathComponent("00002_0.jpg"))
        try bytes.prefix(keptBytes).write(to: corrupt)
        let before = try folder.contents(of: "aligned")
        let result = try run([command[0], faces.path] + command.dropFirst())
        #expect(result.status == 1)
        #expect(result.errorLines.filter { !$0.hasPrefix("Resizing faces") }.count == 1)
        let line = try #require(result.errorLines.last)
        #expect(line.hasPrefix("masque: error: \(corrupt.path): "), "\(line)")
        #expect(try folder.contents() == ["aligned"], "no aligned_resized, no staging folder")
        #expect(try folder.contents(of: "aligned") == before, "no meta.dat")
    }

    @Test func aFaceWithoutMetadataStopsTheResizeNamingIt() throws {
        let faces = try copy("faceset_resize/input", as: "aligned")
        let plain = faces.appendingPathComponent("00000_0.jpg")
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset_resize/restore/edited/00001_0.jpg"), to: plain)
        let result = try run(["resize", faces.path, "--face-type", "wf"])
        #expect(result.status == 1)
        let line = try #require(result.errorLines.last)
        #expect(line.hasPrefix("masque: error: \(plain.path): has no DFL metadata"), "\(line)")
        #expect(try folder.contents() == ["aligned"])
    }

    @Test func infoOnAFileWithoutMetadataIsOneLineNamingIt() throws {
        let plain = ReferenceFixtures.url("faceset/aligned/plain_no_metadata.jpg")
        let result = try run(["info", plain.path, "--json"])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.errorLines == ["masque: error: \(plain.path): has no DFL metadata (not an aligned face)"])
    }

    @Test(arguments: [["--size", "100"], ["--face-type", "mark_only"]])
    func resizeOptionsOutsideDFLsAreOneLine(_ options: [String]) throws {
        let faces = try copy("faceset_resize/input", as: "aligned")
        let result = try run(["resize", faces.path] + options)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("masque: error: "))
        #expect(result.errorLines[0].contains(options[1]))
        #expect(try folder.contents() == ["aligned"])
    }

    // MARK: - Helpers

    /// Rewrites a JPEG without its APP15 (DFL metadata) segment, as an image editor would.
    static func stripMetadata(_ url: URL) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        var position = 2
        while position + 4 <= bytes.count, bytes[position] == 0xFF, bytes[position + 1] != 0xDA {
            let length = Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
            if bytes[position + 1] == 0xEF {
                bytes.removeSubrange(position..<(position + 2 + length))
            } else {
                position += 2 + length
            }
        }
        try Data(bytes).write(to: url)
    }
}

/// The fields of `faceset info --json` this suite checks, and the fixture's expectations.
struct FaceValues: Decodable {
    struct Polygons: Decodable {
        struct Polygon: Decodable {
            var type: Int
            var pts: [[Double]]
        }

        var polys: [Polygon]
    }

    var face_type: String
    var landmarks: [[Double]]
    var source_filename: String
    var source_rect: [Int]
    var image_to_face_mat: [[Double]]
    var eyebrows_expand_mod: Double
    var seg_ie_polys: Polygons

    /// An entry of Tests/Reference/faceset/expected.json.
    struct Expected: Decodable {
        struct Polygon: Decodable {
            var kind: Int
            var points: [[Double]]
        }

        var face_type: String?
        var landmarks: [[Double]]?
        var source_filename: String?
        var source_rect: [Int]?
        var image_to_face_mat: [Double]?
        var polygons: [Polygon]?
        var eyebrows_expand_mod: Double?
    }
}

/// `masque faceset enhance` through the binary: the happy path with --merge-back, and bad input.
@Suite struct CLIFacesetEnhanceTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory("masque-cli-enhance")
    }

    /// One face of Tests/Reference/faceset in `<temporary>/aligned`.
    private func oneFace() throws -> URL {
        let aligned = folder.file("aligned")
        try FileManager.default.createDirectory(at: aligned, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/00001_0.jpg"),
                                         to: aligned.appendingPathComponent("00001_0.jpg"))
        return aligned
    }

    @Test func enhancesAndMergesBackWithYes() throws {
        let aligned = try oneFace()
        let face = aligned.appendingPathComponent("00001_0.jpg")
        let before = try Data(contentsOf: face)
        let result = try MasqueBinary.run(["faceset", "enhance", aligned.path, "--merge-back", "--yes", "--device", "cpu"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("1 faces enhanced in \(aligned.path)"))
        #expect(try Data(contentsOf: face) != before)
        #expect(!FileManager.default.fileExists(atPath: folder.file("aligned_enhanced").path))
    }

    @Test func aMissingFolderOrACorruptFaceIsOneLineAndWritesNothing() throws {
        let missing = try MasqueBinary.run(["faceset", "enhance", folder.file("nowhere").path])
        #expect(missing.status != 0 && missing.standardError.contains(folder.file("nowhere").path))
        #expect(missing.standardError.split(separator: "\n").count == 1, "\(missing.standardError)")

        let aligned = try oneFace()
        let face = aligned.appendingPathComponent("00001_0.jpg")
        let bytes = try Data(contentsOf: face)
        try bytes.prefix(bytes.count - 200).write(to: face)
        let corrupt = try MasqueBinary.run(["faceset", "enhance", aligned.path, "--device", "cpu"])
        #expect(corrupt.status != 0)
        #expect(corrupt.standardError.contains("\(face.path): is a corrupt or truncated JPEG"), "\(corrupt.standardError)")
        #expect(corrupt.standardError.split(separator: "\n").count == 1, "\(corrupt.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("aligned_enhanced").path))
        #expect(try Data(contentsOf: face) == bytes.prefix(bytes.count - 200))
    }
}
