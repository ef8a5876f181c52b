import DFLFormats
import FaceGeometry
import FaceSet
import Foundation
import Imaging
@testable import Models
import Support
import Tensors
import Testing
import TestSupport

/// `masque xseg apply` (DFL's `mainscripts/XSegUtil.py apply_xseg`, reference §4.2): the masks
/// stored equal the model's at 256, every other key and the pixels stay, a rerun writes nothing,
/// and a face of another type is warped to the model's crop and back as DFL does (against
/// `Tests/Reference/make_xseg_apply_fixtures.py`, OpenCV's warps).
@Suite struct XSegApplyTests {
    @Test func appliedMasksAreTheModelsAndARerunWritesNothing() throws {
        let temporary = try TemporaryDirectory("masque-xseg-apply")
        let folder = temporary.file("aligned"), modelFolder = temporary.file("model")
        try XSegTestFaceset.make(in: folder)
        let network = try XSegTestFaceset.model(in: modelFolder)
        let names = ["00001_0.jpg", "00002_0.jpg"]
        let before = try names.map { try XSegTestFaceset.contents(folder.appendingPathComponent($0)) }

        let report = try XSegApplyRequest(folder: folder, modelFolder: modelFolder).run()
        #expect(report.faces.changed == names && report.faces.unchanged.isEmpty && report.faces.skipped == ["plain.jpg"])
        #expect(report.modelFaceType == nil && report.notes.isEmpty)
        for (name, old) in zip(names, before) {
            let url = folder.appendingPathComponent(name)
            let face = try AlignedFaceImage(contentsOf: url).face()
            let stored = try #require(face.xsegMask).decoded(sourceName: name)
            #expect(stored.width == 256 && stored.height == 256)
            let expected = try XSegTestFaceset.expectedMask(url, network: network)
            #expect(stored.pixels(as: Float.self) == expected, "\(name): the stored mask is not the model's")
            let share = expected.reduce(0, +) / Float(expected.count)
            #expect(share > 0 && share < 1, "\(name): a constant mask proves little (\(share))")
            let new = try XSegTestFaceset.contents(url)
            #expect(new.segments == old.segments, "\(name): the JPEG's pixels changed")
            for entry in old.metadata {
                #expect(new.metadata[entry.key] == entry.value, "\(name): key \(entry.key) changed")
            }
            #expect(new.metadata.count == old.metadata.count + 1)
        }

        let bytes = try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        let again = try XSegApplyRequest(folder: folder, modelFolder: modelFolder).run()
        #expect(again.faces.changed.isEmpty && again.faces.unchanged == names)
        #expect(try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) } == bytes)
    }

    @Test func theModelsOwnFaceTypeWinsAndOtherTypesAreWarped() throws {
        let temporary = try TemporaryDirectory("masque-xseg-apply-types")
        let folder = temporary.file("aligned"), modelFolder = temporary.file("model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try XSegTestFaceset.writeFace("00001_0", in: folder, faceType: .head, size: 192)
        let network = XSegNetwork(resolution: 256, baseChannels: 2, generator: try Generator(seed: 4))
        try XSegDFLFiles.write(network, data: DFLModelData(iteration: 3, options: ["face_type": .string("wf")], lossHistory: []),
                               to: XSegDFLFiles.files(in: modelFolder))
        let report = try XSegApplyRequest(folder: folder, modelFolder: modelFolder, faceType: .full).run()
        #expect(report.modelFaceType == .wholeFace && report.notes.contains { $0.contains("--face-type f ignored") })
        #expect(report.faces.changed == ["00001_0.jpg"])
    }

    @Test func aFaceOfAnotherTypeIsWarpedAsDFLDoes() throws {
        let fixture = try ReferenceFixtures.tensors("xseg_apply/warp.safetensors")
        let landmarks = try XSegTestFaceset.sourceLandmarks()
        for (name, faceType) in [("head_on_wf", FaceType.head), ("full_on_wf", .full)] {
            let image = try Image(contentsOf: ReferenceFixtures.url("xseg_apply/\(name)_face.png"), mode: .color)
            let face = AlignedFace(faceType: faceType, landmarks: landmarks, sourceLandmarks: landmarks)
            let input = try XSegApplyPipeline.input(image, face: face, modelFaceType: .wholeFace, resolution: 256, sourceName: name)
            let matrix = try #require(input.warp)
            let expectedMatrix = fixture["\(name)_mat"]!.toArray(of: Double.self)
            for (ours, theirs) in zip(matrix.elements, expectedMatrix) {
                #expect(abs(ours - theirs) <= 1e-4 * max(1, abs(theirs)), "\(name): matrix \(matrix.elements) vs \(expectedMatrix)")
            }
            let pixels = input.image.pixels(as: Float.self), expected = fixture["\(name)_input"]!.floats()
            let meanError = zip(pixels, expected).map { abs($0 - $1) }.reduce(0, +) / Float(pixels.count)
            #expect(input.image.width == 256 && meanError < 1e-3, "\(name): the network's input differs by \(meanError) on average")

            let netMask = Image(width: 256, height: 256, channels: 1, pixels: fixture["\(name)_net_mask"]!.floats())
            let stored = XSegApplyPipeline.storedMask(netMask, input: input, resolution: 256).pixels(as: Float.self)
            let reference = fixture["\(name)_stored"]!.floats()
            let differing = zip(stored, reference).filter { $0 != $1 }.count
            #expect(differing <= stored.count / 1000, "\(name): \(differing) mask pixels differ from OpenCV's")
        }
    }

    /// The landmark hull drawn in the whole_face crop, taken through the warp, lands on the head
    /// face's own landmark hull.
    @Test func aWarpedMaskLandsOnTheFace() throws {
        let landmarks = try XSegTestFaceset.sourceLandmarks()
        let image = try Image(contentsOf: ReferenceFixtures.url("xseg_apply/head_on_wf_face.png"), mode: .color)
        let face = AlignedFace(faceType: .head, landmarks: landmarks, sourceLandmarks: landmarks)
        let input = try XSegApplyPipeline.input(image, face: face, modelFaceType: .wholeFace, resolution: 256, sourceName: "head")
        func hull(_ faceType: FaceType) -> [Float] {
            let matrix = FaceAlignment.transform(landmarks: landmarks, size: 256, faceType: faceType)
            return FaceHullMask.mask(width: 256, height: 256, landmarks: matrix.apply(to: landmarks).map(SIMD2<Double>.init))
                .converted(to: .float32, scale: 1).pixels(as: Float.self)
        }
        let netMask = Image(width: 256, height: 256, channels: 1, pixels: hull(.wholeFace))
        let stored = XSegApplyPipeline.storedMask(netMask, input: input, resolution: 256).pixels(as: Float.self)
        let expected = hull(.head)
        let both = zip(stored, expected).filter { $0 == 1 && $1 == 1 }.count
        let either = zip(stored, expected).filter { $0 == 1 || $1 == 1 }.count
        #expect(Double(both) / Double(either) > 0.95, "IoU \(Double(both) / Double(either))")
    }

    @Test func aMissingModelAndAFolderWithoutAlignedFacesAreOneLineErrors() throws {
        let temporary = try TemporaryDirectory("masque-xseg-apply-bad")
        let folder = temporary.file("aligned")
        try XSegTestFaceset.make(in: folder)
        let missing = temporary.file("no-model")
        #expect { try XSegApplyRequest(folder: folder, modelFolder: missing).run() } throws: { error in
            let text = ErrorMessage.oneLine(error)
            return text.contains(missing.path) && text.contains("XSeg_256.npy") && !"\(error)".contains("\n")
        }
        let empty = temporary.file("empty-model")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect { try XSegApplyRequest(folder: folder, modelFolder: empty).run() } throws: { ErrorMessage.oneLine($0).contains("holds no XSeg model") }

        let plain = temporary.file("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        for name in ["b.jpg", "a.jpg"] {
            try Image(width: 16, height: 16, channels: 3, repeating: UInt8(7)).encoded(as: .jpeg(quality: 90)).write(to: plain.appendingPathComponent(name))
        }
        try XSegTestFaceset.model(in: temporary.file("model"))
        #expect { try XSegApplyRequest(folder: plain, modelFolder: temporary.file("model")).run() } throws: { error in
            let text = ErrorMessage.oneLine(error)
            return text.contains("2 images without DFL metadata") && text.contains("the first a.jpg")
        }
    }
}
