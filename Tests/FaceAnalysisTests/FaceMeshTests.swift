import FaceAnalysis
import Foundation
import Imaging
import Tensors
import Testing
import TestSupport

/// FaceMesh and its 68-point mapping against LiteRT's reference interpreter and the fixture
/// script's pipeline.
@Suite struct FaceMeshTests {
    /// Raw outputs on the exact crops the interpreter saw: coordinates (crop pixels 0…192) and the
    /// face-flag logit within 1e-3 (measured on the CPU: 1.1e-4 and 2e-5).
    @Test(arguments: ["astronaut", "grace_hopper"])
    func rawOutputsMatchTheInterpreter(_ portrait: String) throws {
        let interpreter = try TFLiteInterpreter(contentsOf: TFLiteFixtures.model(ModelCatalog.faceMesh))
        let outputs = try interpreter.run([try TFLiteFixtures.networkInput("\(portrait)_facemesh_input", low: 0)])
        let landmarks = try TFLiteFixtures.array("\(portrait)_facemesh_landmarks")
        let flag = try TFLiteFixtures.array("\(portrait)_facemesh_flag")
        #expect(outputs[0].shape == landmarks.shape && outputs[1].shape == flag.shape)
        let pointError = maxAbsDifference(outputs[0].floats(), landmarks.values(as: Float.self))
        let flagError = maxAbsDifference(outputs[1].floats(), flag.values(as: Float.self))
        #expect(pointError <= 1e-3)
        #expect(flagError <= 1e-3)
    }

    /// Given the reference detection, the 468 vertices (x, y and z) and the 68 points land within
    /// 0.1 px of the reference pipeline's (measured: under 0.003 px), the face score within 1e-3.
    @Test(arguments: TFLiteFixtures.variants)
    func meshMatchesTheReferenceForTheSameFace(_ variant: String) throws {
        let detection = try TFLiteFixtures.array("\(variant)_detections").doubles()
        let face = FaceDetection(left: Float(detection[0]), top: Float(detection[1]), right: Float(detection[2]),
                                 bottom: Float(detection[3]), score: Float(detection[4]),
                                 keypoints: TFLiteFixtures.points(detection, from: 5, count: 6))
        let mesh = try TFLiteFixtures.faceMesh.get().mesh(in: try TFLiteFixtures.frame(variant), face: face)
        let reference = try TFLiteFixtures.array("\(variant)_mesh").values(as: Float.self)
        let expected = (0..<FaceMesh.vertexCount).map { SIMD3(reference[3 * $0], reference[3 * $0 + 1], reference[3 * $0 + 2]) }
        let points = TFLiteFixtures.distances(mesh.points, expected.map { SIMD2($0.x, $0.y) })
        let depth = zip(mesh.vertices, expected).map { abs($0.z - $1.z) }.max() ?? 0
        let landmarks = try TFLiteFixtures.array("\(variant)_landmarks68").values(as: Float.self)
        let ibug = TFLiteFixtures.distances(mesh.ibug68, (0..<68).map { SIMD2(landmarks[2 * $0], landmarks[2 * $0 + 1]) })
        let score = try TFLiteFixtures.array("\(variant)_mesh_score").doubles()[0]
        #expect(points.max <= 0.1, "\(variant)")
        #expect(depth <= 0.1, "\(variant)")
        #expect(ibug.max <= 0.1, "\(variant)")
        #expect(abs(Double(mesh.faceScore) - score) <= 1e-3)
    }

    /// Detector and landmarker together: one face, and its 68 points within 0.25 px of the
    /// reference pipeline's, 0.1 px on average (measured: under 0.003 px).
    @Test(arguments: TFLiteFixtures.variants)
    func detectorAndLandmarkerFindTheReferencePoints(_ variant: String) throws {
        let frame = try TFLiteFixtures.frame(variant)
        let faces = try TFLiteFixtures.shortRange.get().detect(in: frame)
        try #require(faces.count == 1)
        let points = try TFLiteFixtures.faceMesh.get().landmarks(in: frame, face: faces[0])
        let reference = try TFLiteFixtures.array("\(variant)_landmarks68").values(as: Float.self)
        let distance = TFLiteFixtures.distances(points, (0..<68).map { SIMD2(reference[2 * $0], reference[2 * $0 + 1]) })
        #expect(distance.max <= 0.25, "\(variant)")
        #expect(distance.mean <= 0.1, "\(variant)")
    }

    /// Turning the frame turns the points with it: the rotated astronaut's points, carried back
    /// through the rotation, land within 3 px (1 px on average; measured 2.2 and 0.8) of the
    /// upright portrait's, whose interocular distance is about 32 px.
    @Test func pointsFollowARotatedFace() throws {
        let upright = try TFLiteFixtures.frame("astronaut")
        let rotated = try TFLiteFixtures.frame("astronaut_rotated")
        let detector = try TFLiteFixtures.shortRange.get(), landmarker = try TFLiteFixtures.faceMesh.get()
        let expected = try landmarker.landmarks(in: upright, face: try #require(detector.detect(in: upright).first))
        let turned = try landmarker.landmarks(in: rotated, face: try #require(detector.detect(in: rotated).first))
        let back = try TFLiteFixtures.variantTransform("astronaut_rotated").transform.inverted().apply(to: turned)
        let distance = TFLiteFixtures.distances(back, expected)
        #expect(distance.max <= 3)
        #expect(distance.mean <= 1)
    }

    @Test func tableMapsOntoTheMesh() {
        #expect(FaceMeshIBUG68.vertices.count == 68)
        #expect(FaceMeshIBUG68.vertices.allSatisfy { !$0.isEmpty && $0.allSatisfy((0..<FaceMesh.vertexCount).contains) })
    }

    /// The nose tip is nearer the camera than the cheeks at the ears, and the mesh says it saw a face.
    @Test func depthAndFaceScoreMakeSense() throws {
        let frame = try TFLiteFixtures.frame("grace_hopper")
        let face = try #require(try TFLiteFixtures.shortRange.get().detect(in: frame).first)
        let mesh = try TFLiteFixtures.faceMesh.get().mesh(in: frame, face: face)
        #expect(mesh.vertices.count == FaceMesh.vertexCount)
        #expect(mesh.vertices[1].z < mesh.vertices[234].z && mesh.vertices[1].z < mesh.vertices[454].z)
        #expect(mesh.faceScore > 0.9)
    }
}
