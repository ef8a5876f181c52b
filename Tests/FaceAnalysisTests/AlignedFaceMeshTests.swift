import FaceAnalysis
import FaceGeometry
import Foundation
import Imaging
import Testing
import TestSupport

/// The face mesh of an aligned face, found again by FaceMesh from its 68 landmarks, for the
/// mesh default mask: it lands where FaceMesh puts it on the whole frame, and its hull covers the
/// forehead that DFL's landmark hull leaves out.
@Suite struct AlignedFaceMeshTests {
    @Test func theMeshHullCoversTheForeheadTheLandmarkHullMisses() throws {
        let landmarker = try TFLiteFixtures.faceMesh.get()
        let frame = try TFLiteFixtures.frame("astronaut")
        let landmarks = TFLiteFixtures.points(try TFLiteFixtures.array("astronaut_landmarks68").doubles(), from: 0, count: 68)
        let matrix = FaceAlignment.transform(landmarks: landmarks, size: 256, faceType: .wholeFace)
        let face = frame.warpedAffine(matrix, width: 256, height: 256)
        let aligned = matrix.apply(to: landmarks)
        let mesh = try AlignedFaceMesh.points(of: [(face, aligned)], landmarker: landmarker)[0]
        #expect(mesh.count == FaceMesh.vertexCount)

        let onFrame = matrix.apply(to: try TFLiteFixtures.mesh("astronaut_mesh_refined").map { SIMD2($0.x, $0.y) })
        let distance = zip(mesh, onFrame).map { ($0 - $1) * ($0 - $1) }.map { $0.sum().squareRoot() }.reduce(0, +) / Float(mesh.count)
        #expect(distance < 4, "the aligned face's mesh is \(distance) px from the frame's on average")

        let hull = FaceHullMask.mask(width: 256, height: 256, landmarks: aligned.map(SIMD2<Double>.init)).pixels(as: UInt8.self)
        let meshHull = MeshHullMask.mask(width: 256, height: 256, landmarks: aligned, meshPoints: mesh).pixels(as: UInt8.self)
        #expect(zip(hull, meshHull).allSatisfy { $0 <= $1 })
        let hullTop = try #require(hull.indices.first { hull[$0] == 1 }) / 256
        let forehead = meshHull[..<(hullTop * 256)].filter { $0 == 1 }.count
        let hullArea = hull.filter { $0 == 1 }.count
        #expect(hullTop > 20 && Double(forehead) > 0.08 * Double(hullArea),
                "the mesh hull adds \(forehead) pixels above the landmark hull's top row \(hullTop) (hull: \(hullArea))")
    }
}
