import Foundation
import Imaging

/// MediaPipe's face region for the mesh network, from a detection (`DetectionsToRectsCalculator`
/// with the eyes as rotation keypoints, then `RectTransformationCalculator` with scale 1.5 and
/// `square_long`, as `face_detection_front_detection_to_roi.pbtxt` sets them): a square centred
/// on the box, 1.5 × the box's longer side, turned so that keypoint 0 → keypoint 1 (the eyes) is
/// horizontal. A detection with fewer than two keypoints gives an upright square.
enum FaceMeshRegion {
    /// How much larger than the box's longer side the region is.
    static let scale = 1.5

    /// Crop pixel → frame pixel for a `size`×`size` crop of the region, and the crop's frame
    /// pixels per crop pixel.
    static func cropToFrame(face: FaceDetection, size: Int) -> (transform: AffineMatrix, pixelSize: Double) {
        var angle = 0.0
        if face.keypoints.count >= 2 {
            let eyes = SIMD2<Double>(face.keypoints[1] - face.keypoints[0])
            angle = atan2(eyes.y, eyes.x)
        }
        let side = scale * Double(max(face.width, face.height))
        let pixelSize = side / Double(size)
        let (c, s) = (cos(angle) * pixelSize, sin(angle) * pixelSize)
        let half = Double(size - 1) / 2
        let centre = SIMD2(Double(face.left + face.right) / 2, Double(face.top + face.bottom) / 2)
        let transform = AffineMatrix(m00: c, m01: -s, m02: centre.x - c * half + s * half,
                                        m10: s, m11: c, m12: centre.y - s * half - c * half)
        return (transform, pixelSize)
    }
}
