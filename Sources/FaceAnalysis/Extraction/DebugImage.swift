import FaceGeometry
import FaceSet
import Imaging

/// DFL's `aligned_debug` drawing (reference §2.6): landmarks, the detector box and the crop outline.
public enum DebugImage {
    /// Draws one face onto `canvas` (the frame): DFL's `draw_rect_landmarks`.
    public static func draw(_ face: ExtractedFace, size: Int, on canvas: inout Image) {
        LandmarkDrawing.drawLandmarks(face.metadata.sourceLandmarks ?? [], on: &canvas)
        let d = face.detection
        LandmarkDrawing.drawRectangle(left: d.left, top: d.top, right: d.right, bottom: d.bottom, color: PixelValue(255, 0, 0), on: &canvas)
        LandmarkDrawing.drawFaceSquare(frameToFace: face.transform, size: size, on: &canvas)
    }
}
