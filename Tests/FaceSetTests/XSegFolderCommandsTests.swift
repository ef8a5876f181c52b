import DFLFormats
import FaceSet
import Foundation
import Support
import Testing
import TestSupport

/// `masque xseg remove`, `remove-labels` and `fetch` (DFL's `mainscripts/XSegUtil.py`) on faces
/// DFL's own code wrote (`Tests/Reference/make_resize_fixtures.py`, `make_faceset_fixtures.py`):
/// only the one key changes, faces without it are not rewritten, labels go only with consent.
@Suite struct XSegFolderCommandsTests {
    /// A copy of the DFL-written faces: 00001_0 and 00003_0 (not square) have polygons and an
    /// applied mask, 00002_0 neither; plus an image without DFL metadata.
    static func faceset(_ temporary: TemporaryDirectory) throws -> URL {
        let folder = temporary.file("aligned")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg"] {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset_resize/input/\(name)"), to: folder.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/plain_no_metadata.jpg"),
                                         to: folder.appendingPathComponent("plain_no_metadata.jpg"))
        return folder
    }

    /// Every key of `old` but `except` is in `new` unchanged, and the JPEG's other segments too.
    static func onlyChanged(_ except: String, from old: AlignedFaceImage, to new: AlignedFaceImage) -> Bool {
        let others = { (file: AlignedFaceImage) in file.jpeg.segments.filter { $0.marker != JPEGSegment.app15 } }
        return old.metadata.allSatisfy { $0.key == .string(except) || new.metadata[$0.key] == $0.value }
            && new.metadata.allSatisfy { $0.key == .string(except) || old.metadata[$0.key] != nil }
            && others(old) == others(new)
    }

    @Test func removeTakesOutAppliedMasksOnly() throws {
        let temporary = try TemporaryDirectory("masque-xseg-remove")
        let folder = try Self.faceset(temporary)
        let face = folder.appendingPathComponent("00001_0.jpg")
        let old = try AlignedFaceImage(contentsOf: face)
        #expect(try old.face().xsegMask != nil)
        let report = try XSegRemoval.masks.run(folder: folder)
        #expect(report.changed == ["00001_0.jpg", "00003_0.jpg"] && report.unchanged == ["00002_0.jpg"])
        #expect(report.skipped == ["plain_no_metadata.jpg"])
        let new = try AlignedFaceImage(contentsOf: face)
        #expect(try new.face().xsegMask == nil && new.metadata["xseg_mask"] == nil)
        #expect(try new.face().xsegPolygons == old.face().xsegPolygons)
        #expect(Self.onlyChanged("xseg_mask", from: old, to: new))
        let again = try XSegRemoval.masks.run(folder: folder)
        #expect(again.changed.isEmpty && again.unchanged.count == 3)
    }

    @Test func removeLabelsAsksFirst() throws {
        let temporary = try TemporaryDirectory("masque-xseg-remove-labels")
        let folder = try Self.faceset(temporary)
        let face = folder.appendingPathComponent("00001_0.jpg")
        let bytes = try Data(contentsOf: face)
        #expect { try XSegRemoval.labels.run(folder: folder) } throws: { error in
            let text = ErrorMessage.oneLine(error)
            return text.contains("--yes") && text.contains("2 faces with XSeg label polygons")
        }
        #expect(try Data(contentsOf: face) == bytes)
        let report = try XSegRemoval.labels.run(folder: folder, consent: ReplaceConsent(force: true))
        #expect(report.changed == ["00001_0.jpg", "00003_0.jpg"])
        let old = try AlignedFaceImage(bytes: [UInt8](bytes), sourceName: face.path), new = try AlignedFaceImage(contentsOf: face)
        #expect(try new.face().xsegPolygons.isEmpty && new.metadata["seg_ie_polys"] == nil)
        #expect(try new.face().xsegMask == old.face().xsegMask)
        #expect(Self.onlyChanged("seg_ie_polys", from: old, to: new))
        #expect(try XSegRemoval.labels.run(folder: folder).changed.isEmpty, "nothing left to ask about")
    }

    @Test func fetchCopiesLabelledFacesToTheXSegFolder() throws {
        let temporary = try TemporaryDirectory("masque-xseg-fetch")
        let folder = try Self.faceset(temporary)
        let output = XSegFetch.outputFolder(for: folder)
        #expect(output.lastPathComponent == "aligned_xseg" && output.deletingLastPathComponent().path == temporary.url.path)
        let report = try XSegFetch.run(folder: folder)
        #expect(report.copied == ["00001_0.jpg", "00003_0.jpg"] && report.alreadyCopied.isEmpty && report.deleted == 0)
        #expect(try temporary.contents(of: "aligned_xseg") == ["00001_0.jpg", "00003_0.jpg"])
        #expect(try Data(contentsOf: output.appendingPathComponent("00001_0.jpg")) == Data(contentsOf: folder.appendingPathComponent("00001_0.jpg")))

        let again = try XSegFetch.run(folder: folder)
        #expect(again.copied.isEmpty && again.alreadyCopied == ["00001_0.jpg", "00003_0.jpg"])

        try Data([0xFF, 0xD8]).write(to: output.appendingPathComponent("00001_0.jpg"))
        #expect { try XSegFetch.run(folder: folder) } throws: { ErrorMessage.oneLine($0).contains("--force") }
        let moved = try XSegFetch.run(folder: folder, deleteOriginals: true, consent: ReplaceConsent(force: true))
        #expect(moved.copied == ["00001_0.jpg"] && moved.alreadyCopied == ["00003_0.jpg"] && moved.deleted == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("00001_0.jpg").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("00001_0.jpg").path))
    }

    @Test func aFolderWithoutAlignedFacesIsAnError() throws {
        let temporary = try TemporaryDirectory("masque-xseg-plain")
        let folder = temporary.file("plain")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ReferenceFixtures.url("faceset/aligned/plain_no_metadata.jpg"), to: folder.appendingPathComponent("x.jpg"))
        #expect { try XSegRemoval.masks.run(folder: folder) } throws: { error in
            let text = ErrorMessage.oneLine(error)
            return text.contains(folder.path) && text.contains("1 images without DFL metadata, the first x.jpg")
        }
    }
}
