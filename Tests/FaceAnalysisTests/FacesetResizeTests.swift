@testable import FaceAnalysis
import FaceSet
import Foundation
import Imaging
import Support
import Testing
import TestSupport

/// Faceset resize against Tests/Reference/make_resize_fixtures.py (DFL's FacesetResizer in numpy
/// and OpenCV). Tolerances: landmarks and polygon points 1e-3 px (Masque keeps them in float32),
/// matrices `AlignmentTolerance.matrix` relative (what float32 explains), pixels within JPEG/OpenCV version drift.
@Suite struct FacesetResizeTests {
    static let reference = ReferenceFixtures.url("faceset_resize")
    static let resizedNames = ["00001_0.jpg", "00002_0.jpg"]

    let workspace: TemporaryDirectory
    let faces: URL

    init() throws {
        workspace = try TemporaryDirectory("faceset-resize")
        faces = workspace.file("aligned")
        try FileManager.default.copyItem(at: Self.reference.appendingPathComponent("input"), to: faces)
    }

    @Test func keepingTheFaceTypeScalesAsDFLDoes() throws {
        let report = try FacesetResizer.resize(folder: faces, options: FacesetResizeOptions(size: 128), workers: 2)
        #expect(report.output.standardizedFileURL == workspace.file("aligned_resized").standardizedFileURL)
        try expectDFLResult(report, expected: "same_128", size: 128)
        for name in Self.resizedNames {
            let input = try AlignedFaceImage(contentsOf: faces.appendingPathComponent(name)).face()
            let output = try AlignedFaceImage(contentsOf: report.output.appendingPathComponent(name)).face()
            #expect(output.xsegMask == input.xsegMask, "the applied mask is kept as it is")
        }
    }

    @Test func changingTheFaceTypeRecropsAsDFLDoes() throws {
        let report = try FacesetResizer.resize(folder: faces, options: FacesetResizeOptions(size: 192, faceType: .full), workers: 2)
        try expectDFLResult(report, expected: "full_192", size: 192)
        let output = try AlignedFaceImage(contentsOf: report.output.appendingPathComponent("00001_0.jpg")).face()
        let expected = try AlignedFaceImage(contentsOf: Self.reference.appendingPathComponent("full_192/00001_0.jpg")).face()
        let mask = try #require(output.xsegMask).decoded(sourceName: "masque")
        let expectedMask = try #require(expected.xsegMask).decoded(sourceName: "reference")
        #expect(mask.width == 256 && mask.height == 256)
        let values = mask.pixels(as: Float.self)
        #expect(values.allSatisfy { $0 == 0 || $0 == 1 }, "binarised")
        let differing = zip(values, expectedMask.pixels(as: Float.self)).filter { $0 != $1 }.count
        #expect(differing <= values.count / 1000, "\(differing) mask pixels differ")
        let original = try AlignedFaceImage(contentsOf: faces.appendingPathComponent("00001_0.jpg")).face()
        #expect(values.filter { $0 == 1 }.count != (try #require(original.xsegMask).decoded(sourceName: "input")
            .pixels(as: Float.self).filter { $0 == 1 }.count), "the mask was re-cropped")
    }

    @Test func inPlaceReplacesTheOriginalsAndRemovesTheResizedFolder() throws {
        let before = try Data(contentsOf: faces.appendingPathComponent("00003_0.jpg"))
        let report = try FacesetResizer.resize(folder: faces, options: FacesetResizeOptions(size: 128), workers: 2)
        let resizedBytes = try Data(contentsOf: report.output.appendingPathComponent("00001_0.jpg"))
        try FacesetResizer.replaceOriginals(in: faces, with: report)
        #expect(!FileManager.default.fileExists(atPath: report.output.path))
        #expect(try workspace.contents() == ["aligned"])
        #expect(try workspace.contents(of: "aligned") == ["00001_0.jpg", "00002_0.jpg", "00003_0.jpg"])
        #expect(try Data(contentsOf: faces.appendingPathComponent("00001_0.jpg")) == resizedBytes)
        #expect(try Data(contentsOf: faces.appendingPathComponent("00003_0.jpg")) == before, "the skipped face is untouched")
    }

    @Test func earlierResultsAreReplacedAndOtherFilesKept() throws {
        let output = workspace.file("aligned_resized")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: output.appendingPathComponent("old_face.jpg"))
        try Data("notes".utf8).write(to: output.appendingPathComponent("notes.txt"))
        try FacesetResizer.resize(folder: faces, options: FacesetResizeOptions(size: 128), consent: ReplaceConsent(force: true), workers: 2)
        #expect(try workspace.contents(of: "aligned_resized") == Self.resizedNames + ["notes.txt"])
    }

    @Test func earlierResultsAreKeptWithoutConsent() throws {
        let output = workspace.file("aligned_resized")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: output.appendingPathComponent("old_face.jpg"))
        #expect {
            try FacesetResizer.resize(folder: faces, options: FacesetResizeOptions(size: 128), workers: 2)
        } throws: { error in
            "\(error)".hasPrefix(output.path + ": already holds 1 images") && "\(error)".contains("--force")
        }
        #expect(try workspace.contents(of: "aligned_resized") == ["old_face.jpg"])
        #expect(try Data(contentsOf: output.appendingPathComponent("old_face.jpg")) == Data([1, 2, 3]))
    }

    @Test func stagingLeftByAnInterruptedRunIsCleanedUp() throws {
        let stale = workspace.file(TemporaryName.prefix + "999999999.deadbeef.aligned_resized")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: stale.appendingPathComponent("00001_0.jpg"))
        try FacesetResizer.resize(folder: faces, options: FacesetResizeOptions(size: 128), workers: 2)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.url.path).filter { $0.hasPrefix(TemporaryName.prefix) }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: [BadFace.corrupt, .withoutMetadata, .notAJPEG])
    func badFacesStopTheResizeNamingTheFileAndWriteNothing(_ bad: BadFace) throws {
        let file = try bad.place(in: faces)
        let inputs = try workspace.contents(of: "aligned")
        #expect {
            try FacesetResizer.resize(folder: faces, options: FacesetResizeOptions(size: 128), workers: 2)
        } throws: { error in
            "\(error)".hasPrefix(file.path + ": ") && !"\(error)".contains("\n")
        }
        #expect(try workspace.contents() == ["aligned"], "no _resized folder and no staging folder left")
        #expect(try workspace.contents(of: "aligned") == inputs)
    }

    @Test func optionsOutsideDFLsRangeAreRefused() throws {
        #expect(throws: FacesetResizeOptionError.size(64)) { _ = try FacesetResizeOptions(size: 64) }
        #expect(throws: FacesetResizeOptionError.size(4096)) { _ = try FacesetResizeOptions(size: 4096) }
        #expect(throws: FacesetResizeOptionError.faceType(.markOnly)) { _ = try FacesetResizeOptions(faceType: .markOnly) }
        #expect(try FacesetResizeOptions().size == 512)
        #expect("\(FacesetResizeOptionError.size(64))" == "size 64 is invalid: expected 128 to 2048")
    }

    @Test func aFaceWithoutSourceLandmarksCarriesItsMatrixAlong() throws {
        let url = faces.appendingPathComponent("00001_0.jpg")
        var image = try AlignedFaceImage(contentsOf: url)
        var face = try image.face()
        let stored = try #require(face.imageToFaceMatrix)
        face.sourceLandmarks = nil
        image.setFace(face)
        let outcome = try AlignedFaceResize.resize(jpeg: try image.encoded(), sourceName: url.path,
                                                   options: FacesetResizeOptions(size: 128))
        guard case .resized(let bytes) = outcome else { Issue.record("not resized: \(outcome)"); return }
        let matrix = try #require(try AlignedFaceImage(bytes: bytes, sourceName: "resized").face().imageToFaceMatrix)
        for (value, original) in zip(matrix.elements, stored.elements) {
            #expect(abs(value - original * 0.5) < 1e-12)
        }
    }

    // MARK: - Helpers

    /// The report lists DFL's faces; each output matches the reference's file.
    private func expectDFLResult(_ report: FacesetResizer.Report, expected folder: String, size: Int) throws {
        #expect(report.resized == Self.resizedNames)
        #expect(report.skipped.map(\.file) == [faces.appendingPathComponent("00003_0.jpg").path])
        #expect(report.skipped.first?.reason.contains("not square") == true)
        #expect(try workspace.contents(of: "aligned_resized") == Self.resizedNames)
        for name in Self.resizedNames {
            let url = report.output.appendingPathComponent(name)
            let expectedURL = Self.reference.appendingPathComponent("\(folder)/\(name)")
            let image = try AlignedFaceImage(contentsOf: url)
            let face = try image.face()
            let expected = try AlignedFaceImage(contentsOf: expectedURL).face()
            #expect(image.jpeg.frameSize?.width == size && image.jpeg.frameSize?.height == size)
            #expect(face.faceType == expected.faceType)
            expectClose(face.landmarks, expected.landmarks, "\(name) landmarks")
            #expect(face.xsegPolygons.map(\.kind) == expected.xsegPolygons.map(\.kind))
            for (polygon, reference) in zip(face.xsegPolygons, expected.xsegPolygons) {
                expectClose(polygon.points, reference.points, "\(name) polygon")
            }
            #expect((face.imageToFaceMatrix == nil) == (expected.imageToFaceMatrix == nil))
            if let matrix = face.imageToFaceMatrix, let reference = expected.imageToFaceMatrix {
                for (value, target) in zip(matrix.elements, reference.elements) {
                    #expect(abs(value - target) <= AlignmentTolerance.matrix * max(1, abs(target)), "\(name) matrix \(matrix) vs \(reference)")
                }
            }
            #expect(face.sourceLandmarks == expected.sourceLandmarks && face.sourceRect == expected.sourceRect)
            #expect(face.sourceFilename == expected.sourceFilename)
            let unknown = try AlignedFaceImage(contentsOf: expectedURL).metadata["masque_unknown_key"]
            #expect(image.metadata["masque_unknown_key"] == unknown, "keys Masque does not know are kept")
            let difference = PixelDifference(try Image(contentsOf: url), try Image(contentsOf: expectedURL))
            #expect(difference.mean <= 0.25 && difference.maximum <= 6, "\(name) pixels: \(difference)")
        }
    }

    private func expectClose(_ points: [SIMD2<Float>], _ reference: [SIMD2<Float>], _ label: String) {
        #expect(points.count == reference.count, "\(label): \(points.count) points vs \(reference.count)")
        let worst = zip(points, reference).map { max(abs($0.x - $1.x), abs($0.y - $1.y)) }.max() ?? 0
        #expect(worst <= 1e-3, "\(label): off by \(worst) px")
    }
}

/// A file that makes a resize stop.
enum BadFace: CustomTestStringConvertible, Sendable {
    case corrupt
    case withoutMetadata
    case notAJPEG

    var testDescription: String {
        switch self {
        case .corrupt: "a truncated JPEG"
        case .withoutMetadata: "a JPEG without DFL metadata"
        case .notAJPEG: "a PNG"
        }
    }

    /// Puts the bad file into `folder`; returns it.
    func place(in folder: URL) throws -> URL {
        let face = try Data(contentsOf: folder.appendingPathComponent("00001_0.jpg"))
        switch self {
        case .corrupt:
            let url = folder.appendingPathComponent("00004_0.jpg")
            try face.prefix(face.count - 3000).write(to: url)
            return url
        case .withoutMetadata:
            let url = folder.appendingPathComponent("00000_0.jpg")
            try Image(encoded: face).write(to: url, as: .jpeg(quality: 90))
            return url
        case .notAJPEG:
            let url = folder.appendingPathComponent("00002_1.png")
            try Image(encoded: face).write(to: url, as: .png())
            return url
        }
    }
}
