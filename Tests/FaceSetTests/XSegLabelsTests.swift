import DFLFormats
import FaceSet
import Foundation
import Support
import Testing
import TestSupport

/// `masque xseg labels export|import`: polygons go to JSON and back bit for bit, in DFL's order,
/// and nothing else in the faces changes; a file naming a missing face or a polygon outside the
/// image is refused before any face is written.
@Suite struct XSegLabelsTests {
    /// Faces DFL's code wrote: the faceset fixtures and the resize fixtures (one with polygons).
    static func faceset(_ folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg", "00005_0.jpg", "not_a_jpeg.png"] {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/\(name)"), to: folder.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset_resize/input/00001_0.jpg"),
                                         to: folder.appendingPathComponent("labelled.jpg"))
        return folder
    }

    @Test func labelsRoundTripExactlyAndNothingElseChanges() throws {
        let temporary = try TemporaryDirectory("masque-xseg-labels")
        let first = try Self.faceset(temporary.file("first"))
        let original = try AlignedFaceImage(contentsOf: first.appendingPathComponent("labelled.jpg")).face().xsegPolygons
        #expect(!original.isEmpty)
        // Labels drawn elsewhere: an exclude polygon listed before the include one, odd floats.
        let drawn = """
            {"format": "masque-xseg-labels", "version": 1, "faces": {
              "00002_0.jpg": {"polygons": [{"type": "exclude", "points": [[10.1, 12.7], [30.3, 12.9], [20.123456789, 33.3]]},
                                           {"type": "include", "points": [[0, 0], [64, 0], [64, 64], [0, 64]]}]},
              "00003_0.jpg": {"width": 64, "height": 64, "polygons": [{"type": "include", "points": [[-3.5, 1e-3], [70.25, 5], [33, 66]]}]}}}
            """
        let drawnFile = temporary.file("drawn.json")
        try Data(drawn.utf8).write(to: drawnFile)
        let imported = try XSegLabels.importLabels(from: drawnFile, into: first)
        #expect(imported.changed == ["00002_0.jpg", "00003_0.jpg"])
        let polygons = try AlignedFaceImage(contentsOf: first.appendingPathComponent("00002_0.jpg")).face().xsegPolygons
        #expect(polygons.map(\.kind) == [.include, .exclude], "DFL's order: include polygons first")
        #expect(polygons[1].points[2] == SIMD2<Float>(Float(20.123456789), Float(33.3)))

        let exported = temporary.file("first.json")
        let (labels, skipped) = try XSegLabels.export(folder: first, to: exported)
        #expect(skipped == ["not_a_jpeg.png"])
        #expect(labels.faces.keys.sorted() == ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg", "00005_0.jpg", "labelled.jpg"])
        #expect(labels.faces["00001_0.jpg"]?.polygons == [] && labels.faces["labelled.jpg"]?.width == 256)
        #expect(labels.faces["labelled.jpg"]?.polygons == XSegLabelFile.polygons(original))

        let second = try Self.faceset(temporary.file("second"))
        let untouched = try FileManager.default.contentsOfDirectory(atPath: second.path).sorted().map {
            ($0, try Data(contentsOf: second.appendingPathComponent($0)))
        }
        let report = try XSegLabels.importLabels(from: exported, into: second)
        #expect(report.changed == ["00002_0.jpg", "00003_0.jpg"], "labelled.jpg already has these polygons")
        let reexported = temporary.file("second.json")
        try XSegLabels.export(folder: second, to: reexported)
        #expect(try Data(contentsOf: reexported) == Data(contentsOf: exported))
        for (name, bytes) in untouched where name.hasSuffix(".jpg") && name.first != "p" {
            let before = try AlignedFaceImage(bytes: [UInt8](bytes), sourceName: name)
            let after = try AlignedFaceImage(contentsOf: second.appendingPathComponent(name))
            let inFirst = try AlignedFaceImage(contentsOf: first.appendingPathComponent(name))
            #expect(try after.face().xsegPolygons == inFirst.face().xsegPolygons, "\(name): polygons differ after the round trip")
            #expect(XSegFolderCommandsTests.onlyChanged("seg_ie_polys", from: before, to: after), "\(name): another key or the pixels changed")
            if report.unchanged.contains(name) { #expect(try Data(contentsOf: second.appendingPathComponent(name)) == bytes) }
        }
    }

    @Test func badLabelFilesAreRefusedBeforeAnythingIsWritten() throws {
        let temporary = try TemporaryDirectory("masque-xseg-labels-bad")
        let folder = try Self.faceset(temporary.file("aligned"))
        let before = try Data(contentsOf: folder.appendingPathComponent("00002_0.jpg"))
        let cases: [(String, [String])] = [
            (#"{"format": "masque-xseg-labels", "version": 1, "faces": {"00002_0.jpg": {"polygons": []}, "gone.jpg": {"polygons": []}}}"#,
             ["'gone.jpg'", "not an aligned face"]),
            (#"{"format": "masque-xseg-labels", "version": 1, "faces": {"00002_0.jpg": {"polygons": [{"type": "include", "points": [[0, 0], [1, 1], [2, 0]]}, {"type": "include", "points": [[100, 100], [120, 100], [110, 130]]}]}}}"#,
             ["polygon 1 of '00002_0.jpg'", "outside the 64x64 image"]),
            (#"{"format": "masque-xseg-labels", "version": 1, "faces": {"00002_0.jpg": {"polygons": [{"type": "hair", "points": []}]}}}"#,
             ["polygon 0 of '00002_0.jpg'", "include or exclude"]),
            (#"{"format": "masque-xseg-labels", "version": 1, "faces": {"00002_0.jpg": {"width": 128, "height": 128, "polygons": []}}}"#,
             ["128x128", "64x64"]),
            (#"{"faces": {}}"#, ["lacks 'format'"]),
            ("[1, 2", ["is not valid JSON"]),
        ]
        for (json, parts) in cases {
            let file = temporary.file("bad.json")
            try Data(json.utf8).write(to: file)
            #expect { try XSegLabels.importLabels(from: file, into: folder) } throws: { error in
                let text = ErrorMessage.oneLine(error)
                return text.hasPrefix(file.path) && parts.allSatisfy(text.contains)
            }
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("00002_0.jpg")) == before)
    }
}
