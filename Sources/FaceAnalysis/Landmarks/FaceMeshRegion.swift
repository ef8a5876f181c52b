import Foundation
import Imaging

/// MediaPipe's face region for the mesh network: a square of the frame, turned to level the eyes,
/// sampled into the network's input. It comes from a detection for the first pass and from the
/// previous mesh for each refining pass.
enum FaceMeshRegion {
    /// How much larger than the box's longer side the region is.
    static let scale = 1.5
    /// The mesh vertices whose direction levels a region made from a mesh: the outer corners of
    /// the subject's right eye (33) and left eye (263).
    static let eyeCornerVertices = (start: 33, end: 263)

    /// Crop pixel → frame pixel for a `size`×`size` crop of the region of a detection, and the
    /// crop's frame pixels per crop pixel (`DetectionsToRectsCalculator` with the eyes as rotation
    /// keypoints, then `RectTransformationCalculator` with scale 1.5 and `square_long`, as
    /// `face_detection_front_detection_to_roi.pbtxt` sets them): a square centred on the box,
    /// 1.5 × the box's longer side, turned so that keypoint 0 → keypoint 1 (the eyes) is
    /// horizontal. A detection with fewer than two keypoints gives an upright square.
    static func cropToFrame(face: FaceDetection, size: Int) -> (transform: AffineMatrix, pixelSize: Double) {
        var angle = 0.0
        if face.keypoints.count >= 2 {
            let eyes = SIMD2<Double>(face.keypoints[1] - face.keypoints[0])
            angle = atan2(eyes.y, eyes.x)
        }
        let centre = SIMD2(Double(face.left + face.right) / 2, Double(face.top + face.bottom) / 2)
        return cropToFrame(centre: centre, side: scale * Double(max(face.width, face.height)), angle: angle, size: size)
    }

    /// Crop pixel → frame pixel for a `size`×`size` crop of the region MediaPipe derives from a
    /// mesh (`face_landmark_landmarks_to_roi.pbtxt`: `LandmarksToDetectionCalculator`, then
    /// `DetectionsToRectsCalculator` with vertices 33 and 263 as rotation keypoints and target
    /// angle 0, then `RectTransformationCalculator` with scale 1.5 and `square_long`), and the
    /// crop's frame pixels per crop pixel: a square centred on the bounding box of `points` (the
    /// 468 vertices' x, y in frame pixels), 1.5 × the box's longer side, turned so that the outer
    /// eye corners are level.
    static func cropToFrame(meshPoints points: [SIMD2<Float>], size: Int) -> (transform: AffineMatrix, pixelSize: Double) {
        precondition(points.count == FaceMesh.vertexCount, "FaceMeshRegion: a mesh has \(FaceMesh.vertexCount) vertices")
        let low = SIMD2<Double>(points.reduce(points[0]) { pointwiseMin($0, $1) })
        let high = SIMD2<Double>(points.reduce(points[0]) { pointwiseMax($0, $1) })
        let eyes = SIMD2<Double>(points[eyeCornerVertices.end] - points[eyeCornerVertices.start])
        return cropToFrame(centre: (low + high) / 2, side: scale * (high - low).max(), angle: atan2(eyes.y, eyes.x),
                           size: size)
    }

    /// Crop pixel → frame pixel for a `size`×`size` crop of the square of side `side` (frame
    /// pixels) centred on `centre` and turned by `angle` (radians, clockwise on screen).
    private static func cropToFrame(centre: SIMD2<Double>, side: Double, angle: Double, size: Int)
        -> (transform: AffineMatrix, pixelSize: Double) {
        let pixelSize = side / Double(size)
        let (c, s) = (cos(angle) * pixelSize, sin(angle) * pixelSize)
        let half = Double(size - 1) / 2
        let transform = AffineMatrix(m00: c, m01: -s, m02: centre.x - c * half + s * half,
                                     m10: s, m11: c, m12: centre.y - s * half - c * half)
        return (transform, pixelSize)
    }
}
