import FaceAnalysis
import FaceGeometry
import Foundation
import Imaging
@testable import Merger
import Support
import Testing
import TestSupport

/// `default_mask` mesh in the merger: the `dst` mask mode's hull united with the face mesh's
/// hull (found by FaceMesh on the frame), which reaches the forehead where DFL's hull stops.
@Suite struct MeshHullMergeTests {
    /// The merged masks of the reference workspace's first frame with mask mode `dst` and `defaultMask`.
    private func mergedMask(_ defaultMask: DefaultFaceMask, predictor: TurningPredictor = TurningPredictor(),
                            faceMesh: FaceMeshLandmarker?) throws -> Image {
        let (folder, request) = try MergeRequestTests.workspace()
        defer { withExtendedLifetime(folder) {} }
        let session = try MergeSession().updating(["mask_mode": .string("dst"), "default_mask": .string(defaultMask.rawValue)],
                                                  frame: nil, source: "test").session
        let model = MergeModel(predictor: predictor, faceMesh: faceMesh, identity: "test@1", label: MergeRequestTests.label)
        _ = try request.run(model: model, session: session)
        return try Image(contentsOf: request.maskFolder.appendingPathComponent("00001.png"), mode: .unchanged)
    }

    @Test func theMeshHullAddsTheForeheadToTheLandmarkHull() throws {
        let faceMesh = try FaceMeshLandmarker(store: .standard())
        let hull = try mergedMask(.hull, faceMesh: faceMesh).pixels(as: UInt8.self)
        let mesh = try mergedMask(.mesh, faceMesh: faceMesh).pixels(as: UInt8.self)
        let landmarks = try FaceMergerReferenceTests.Fixture().landmarks[0]
        let browTop = Int((17...26).map { landmarks[$0].y }.min()!)
        let width = 192
        var added = 0, addedAboveBrows = 0, lost = 0
        for (index, (h, m)) in zip(hull, mesh).enumerated() {
            if m > 127 && h <= 127 {
                added += 1
                if index / width < browTop { addedAboveBrows += 1 }
            }
            if h > 127 && m <= 127 { lost += 1 }
        }
        let hullArea = hull.filter { $0 > 127 }.count
        #expect(Double(lost) <= 0.01 * Double(hullArea), "the mesh hull keeps DFL's hull (\(lost) of \(hullArea) pixels lost)")
        #expect(Double(added) > 0.05 * Double(hullArea), "the mesh hull adds only \(added) pixels to \(hullArea)")
        #expect(Double(addedAboveBrows) > 0.5 * Double(added), "\(addedAboveBrows) of \(added) added pixels lie above the eyebrows (y < \(browTop))")
    }

    @Test func fullFaceModelsKeepDFLsHullAndNeedNoFaceMesh() throws {
        var predictor = TurningPredictor()
        predictor.faceType = .full
        let hull = try mergedMask(.hull, predictor: predictor, faceMesh: nil)
        let mesh = try mergedMask(.mesh, predictor: predictor, faceMesh: nil)
        #expect(hull == mesh)
    }

    @Test func theMeshHullWithoutTheFaceMeshNetworkIsOneClearError() throws {
        #expect(throws: MergerError.self) { try mergedMask(.mesh, faceMesh: nil) }
        #expect(!MergeSession().needsFaceMesh)
        let session = try MergeSession().updating(["mask_mode": .string("dst"), "default_mask": .string("mesh")], frame: "00002", source: "test").session
        #expect(session.needsFaceMesh)
    }
}
