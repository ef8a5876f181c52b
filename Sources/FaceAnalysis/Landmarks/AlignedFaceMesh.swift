import Foundation
import Imaging

/// The 468-point face mesh of aligned faces, for the default mask that reaches the forehead
/// (`FaceGeometry.DefaultFaceMask.mesh`). DFL's aligned JPEGs store 68 landmarks only, so the mesh
/// is found again: FaceMesh runs on each aligned face in the region its 68 landmarks outline (their
/// box, turned to level the eye centres, as a BlazeFace detection with eye keypoints is), then
/// refines it from its own mesh as `FaceMeshLandmarker` does. One network call per pass for a
/// whole batch of faces: about as cheap as decoding the faces.
public enum AlignedFaceMesh {
    /// Faces that go through the network in one call.
    public static let batchSize = 32

    /// The mesh vertices (x, y in the aligned image's pixels) of each face, in order. `faces`:
    /// the aligned images (BGR) with their 68 landmarks in the image's pixels.
    public static func points(of faces: [(image: Image, landmarks: [SIMD2<Float>])],
                              landmarker: FaceMeshLandmarker) throws -> [[SIMD2<Float>]] {
        var result: [[SIMD2<Float>]] = []
        result.reserveCapacity(faces.count)
        for start in stride(from: 0, to: faces.count, by: batchSize) {
            let batch = faces[start..<min(start + batchSize, faces.count)]
            let meshes = try landmarker.meshes(in: batch.map { ($0.image, detection(landmarks: $0.landmarks)) })
            result += meshes.map(\.points)
        }
        return result
    }

    /// A detection standing in for the detector's: the box of the 68 `landmarks`, with the
    /// centres of the image-left eye (36–41) and image-right eye (42–47) as keypoints 0 and 1.
    public static func detection(landmarks: [SIMD2<Float>]) -> FaceDetection {
        precondition(landmarks.count == 68, "AlignedFaceMesh: \(landmarks.count) landmarks, needs 68")
        let low = landmarks.reduce(landmarks[0]) { pointwiseMin($0, $1) }
        let high = landmarks.reduce(landmarks[0]) { pointwiseMax($0, $1) }
        func centre(_ range: ClosedRange<Int>) -> SIMD2<Float> { range.map { landmarks[$0] }.reduce(.zero, +) / Float(range.count) }
        return FaceDetection(left: low.x, top: low.y, right: high.x, bottom: high.y, score: 1,
                             keypoints: [centre(36...41), centre(42...47)])
    }
}
