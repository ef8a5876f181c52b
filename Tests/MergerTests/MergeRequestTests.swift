import FaceGeometry
import FaceSet
import Foundation
import Imaging
@testable import Merger
import Provenance
import Support
import Tensors
import TestSupport
import Testing

/// A stand-in swap model: the frame's face with its colours turned, and full masks. Throws once
/// it has predicted `failAfter` faces, as a crash would stop a merge.
struct TurningPredictor: FacePredictor {
    let resolution = 32
    var faceType = FaceType.wholeFace
    var failAfter = Int.max
    let calls = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add(_ count: Int) -> Int { lock.withLock { value += count; return value } }
    }

    struct Crash: Error {}

    func predict(_ faces: [Image]) throws -> [PredictedFace] {
        guard calls.add(faces.count) <= failAfter else { throw Crash() }
        let ones = Image(width: resolution, height: resolution, channels: 1, repeating: Float(1))
        return faces.map { PredictedFace(face: $0.mappingValues { 1 - $0 }, predictedMask: ones, destinationMask: ones) }
    }
}

@Suite struct MergeRequestTests {
    static let label = SyntheticMediaLabel(modelName: "test_SAEHD", weightsSHA256: String(repeating: "ab", count: 32),
                                           date: Date(timeIntervalSince1970: 1_800_000_000))

    /// Five frames of the reference portrait (192 px); frames 1–4 have the portrait's face in
    /// `aligned/`, frame 5 has none.
    static func workspace() throws -> (TemporaryDirectory, MergeRequest) {
        let folder = try TemporaryDirectory("merge-request")
        let frames = folder.file("data_dst")
        let aligned = frames.appendingPathComponent("aligned")
        try FileManager.default.createDirectory(at: aligned, withIntermediateDirectories: true)
        let frame = try Image(contentsOf: ReferenceFixtures.url("merge/frame.png"), mode: .color)
        let landmarks = try FaceMergerReferenceTests.Fixture().landmarks[0]
        for index in 1...5 {
            let name = String(format: "%05d.png", index)
            try frame.write(to: frames.appendingPathComponent(name), as: .png())
            guard index < 5 else { continue }
            let matrix = FaceAlignment.transform(landmarks: landmarks, size: 64, faceType: .wholeFace)
            let face = AlignedFace(faceType: .wholeFace, landmarks: matrix.apply(to: landmarks), sourceFilename: name,
                                   sourceLandmarks: landmarks, imageToFaceMatrix: matrix)
            let crop = frame.warpedAffine(matrix, width: 64, height: 64)
            try AlignedFaceImage(image: crop, quality: 90, face: face, sourceName: name)
                .write(to: aligned.appendingPathComponent(String(format: "%05d_0.jpg", index)))
        }
        return (folder, MergeRequest(framesFolder: frames))
    }

    static func model(_ predictor: TurningPredictor = TurningPredictor(), identity: String = "test@1") -> MergeModel {
        MergeModel(predictor: predictor, identity: identity, label: label)
    }

    @Test func mergesEveryFrameLabelledAndLeavesFramesWithoutFacesAlone() throws {
        let (folder, request) = try Self.workspace()
        defer { withExtendedLifetime(folder) {} }
        let report = try request.run(model: Self.model(), session: MergeSession())
        #expect(report.merged == 5 && report.alreadyDone == 0 && report.withoutFaces == 1)
        let frame = try Image(contentsOf: ReferenceFixtures.url("merge/frame.png"), mode: .color)
        for index in 1...5 {
            let name = String(format: "%05d.png", index)
            let mergedURL = request.outputFolder.appendingPathComponent(name)
            let merged = try Image(contentsOf: mergedURL, mode: .unchanged)
            let mask = try Image(contentsOf: request.maskFolder.appendingPathComponent(name), mode: .unchanged)
            #expect(merged.channels == 3 && mask.channels == 1 && merged.width == 192 && mask.width == 192)
            #expect(try PNGLabel.read(from: Data(contentsOf: mergedURL), source: name) == Self.label, "\(name) is not labelled")
            let maskMax = mask.pixels(as: UInt8.self).max()!
            if index == 5 {
                #expect(merged == frame, "a frame without a face is written unchanged")
                #expect(maskMax == 0)
            } else {
                #expect(PixelDifference(merged, frame).mean > 1, "frame \(index) is unchanged")
                #expect(maskMax == 255)
            }
        }
        let session = try #require(try MergeSession.read(request.sessionFile))
        #expect(session.finished.count == 5)
    }

    @Test func resumesAfterACrashWithoutRedoingFinishedFrames() throws {
        let (folder, base) = try Self.workspace()
        defer { withExtendedLifetime(folder) {} }
        var request = base
        request.batchSize = 2
        #expect(throws: TurningPredictor.Crash.self) {
            try request.run(model: Self.model(TurningPredictor(failAfter: 2)), session: MergeSession())
        }
        let first = request.outputFolder.appendingPathComponent("00001.png")
        let written = try FileManager.default.attributesOfItem(atPath: first.path)[.modificationDate] as! Date
        #expect(try MergeSession.read(request.sessionFile)?.finished.count == 2)
        #expect(!FileManager.default.fileExists(atPath: request.outputFolder.appendingPathComponent("00003.png").path))
        Thread.sleep(forTimeInterval: 0.05)
        let resumed = try request.run(model: Self.model(), session: try MergeSession.read(request.sessionFile)!)
        #expect(resumed.alreadyDone == 2 && resumed.merged == 3)
        #expect(try FileManager.default.attributesOfItem(atPath: first.path)[.modificationDate] as! Date == written)
        let again = try request.run(model: Self.model(), session: try MergeSession.read(request.sessionFile)!)
        #expect(again.alreadyDone == 5 && again.merged == 0)
        // A new model iteration or changed settings merge again.
        let retrained = try request.run(model: Self.model(identity: "test@2"), session: try MergeSession.read(request.sessionFile)!)
        #expect(retrained.merged == 5)
        let changed = try MergeSession.read(request.sessionFile)!.updating(["blur_mask_modifier": .int(10)], frame: "00002", source: "test").session
        let tuned = try request.run(model: Self.model(identity: "test@2"), session: changed)
        #expect(tuned.merged == 1 && tuned.alreadyDone == 4)
    }

    @Test func facesOfMissingFramesAreCountedAndFramesMayDifferInSize() throws {
        let (folder, request) = try Self.workspace()
        defer { withExtendedLifetime(folder) {} }
        try FileManager.default.removeItem(at: request.framesFolder.appendingPathComponent("00003.png"))
        let small = Image(width: 80, height: 60, channels: 3, repeating: UInt8(90))
        try small.write(to: request.framesFolder.appendingPathComponent("00005.png"), as: .png())
        let report = try request.run(model: Self.model(), session: MergeSession())
        #expect(report.missingFrames == ["00003"])
        #expect(report.merged == 4)
        let merged = try Image(contentsOf: request.outputFolder.appendingPathComponent("00005.png"), mode: .color)
        #expect(merged == small)
    }

    /// A stand-in ×4 network: the face enlarged and brightened, counting the faces it is given.
    struct BrighteningEnhancer: FaceEnhancer {
        let calls = TurningPredictor.Counter()
        func enhanced(_ faces: [Image]) throws -> [Image] {
            _ = calls.add(faces.count)
            return faces.map { $0.resized(width: 4 * $0.width, height: 4 * $0.height, interpolation: .cubic).mappingValues { min($0 + 0.3, 1) } }
        }
    }

    @Test func superResolutionBlendsTheEnhancedFaceIn() throws {
        let (folder, request) = try Self.workspace()
        defer { withExtendedLifetime(folder) {} }
        let enhancer = BrighteningEnhancer()
        let session = try MergeSession().updating(["super_resolution_power": .int(100), "color_transfer_mode": .string("none")],
                                                  frame: nil, source: "test").session
        #expect(session.needsEnhancer)
        #expect(throws: MergerError.self) { try request.run(model: Self.model(), session: session) }
        let model = MergeModel(predictor: TurningPredictor(), enhancer: enhancer, identity: "test@1", label: Self.label)
        _ = try request.run(model: model, session: session)
        #expect(enhancer.calls.add(0) == 4, "one enhanced face per frame with a face")
        let enhanced = try Image(contentsOf: request.outputFolder.appendingPathComponent("00001.png"), mode: .color)
        let plainSession = try MergeSession().updating(["color_transfer_mode": .string("none")], frame: nil, source: "test").session
        _ = try request.run(model: Self.model(identity: "test@2"), session: plainSession)
        let plain = try Image(contentsOf: request.outputFolder.appendingPathComponent("00001.png"), mode: .color)
        #expect(PixelDifference(enhanced, plain).mean > 1, "super-resolution changed nothing")
    }

    @Test func xsegMaskModesNeedAnXSegModel() throws {
        let (folder, request) = try Self.workspace()
        defer { withExtendedLifetime(folder) {} }
        let session = try MergeSession().updating(["mask_mode": .string("XSeg-dst")], frame: nil, source: "test").session
        #expect(session.needsSegmenter)
        do {
            _ = try request.run(model: Self.model(), session: session)
            Issue.record("an XSeg mask mode merged without an XSeg model")
        } catch let error as MergerError {
            #expect(error.message.contains("XSeg"), "\(error.message)")
        }
    }

    @Test func rawPredictGivesTheSquareAndABlackSquareWithoutAFace() throws {
        let (folder, request) = try Self.workspace()
        defer { withExtendedLifetime(folder) {} }
        let session = try MergeSession().updating(["mode": .string("raw-predict")], frame: nil, source: "test").session
        _ = try request.run(model: Self.model(), session: session)
        let withFace = try Image(contentsOf: request.outputFolder.appendingPathComponent("00001.png"), mode: .color)
        let without = try Image(contentsOf: request.outputFolder.appendingPathComponent("00005.png"), mode: .color)
        #expect(withFace.width == 32 && without.width == 32)
        #expect(without.pixels(as: UInt8.self).max() == 0)
    }

    @Test func previewShowsOriginalMergedAndMask() throws {
        let (folder, request) = try Self.workspace()
        let url = folder.file("preview.png")
        try request.preview(frame: "2", model: Self.model(), session: MergeSession(), to: url)
        let sheet = try Image(contentsOf: url, mode: .color)
        #expect(sheet.width == 3 * 192 && sheet.height == 192)
        #expect(!FileManager.default.fileExists(atPath: request.outputFolder.path), "a preview wrote the merged folder")
        #expect(throws: MergerError.self) { try request.preview(frame: "00009", model: Self.model(), session: MergeSession(), to: url) }
    }

    @Test func motionIsDFLsFromTheNeighboursFaces() throws {
        let arrays = try ReferenceFixtures.tensors("merge/arrays.safetensors")
        let points = try #require(arrays["motion_landmarks"]).floats()
        let sets = (0..<3).map { face in (0..<68).map { SIMD2(points[face * 136 + 2 * $0], points[face * 136 + 2 * $0 + 1]) } }
        let expected = try #require(arrays["motion"]).floats().map(Double.init)
        let alignments = FrameAlignments(faces: ["a": [sets[0]], "b": [sets[1]], "c": [sets[2]]])
        let motions = alignments.motions(frameStems: ["a", "b", "c"])
        #expect(abs(motions[1].power - expected[0]) < 1e-3 && abs(motions[1].degrees - expected[1]) < 1e-3, "\(motions[1]) vs \(expected)")
        let lonely = FrameAlignments(faces: ["a": [sets[0]], "c": [sets[2]]]).motions(frameStems: ["a", "b", "c"])
        #expect(lonely.allSatisfy { $0 == .none })
    }
}
