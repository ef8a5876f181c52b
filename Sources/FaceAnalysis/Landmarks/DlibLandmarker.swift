import Foundation
import Imaging
import Inference

/// The 68 iBUG landmarks from dlib's ERT shape predictor (`shape_predictor_68_face_landmarks.dat`).
///
/// dlib's predictor was trained on the boxes of dlib's HOG face detector: square, from about the
/// eyebrows to the chin, so that its mean shape fills the box's unit square. Other detectors'
/// boxes (CenterFace's and BlazeFace's reach the forehead and are not square) start the
/// cascade off its training distribution, so the box is adapted in two steps:
/// 1. the detector's box becomes a square of the same centre whose side is the mean of its width
///    and height;
/// 2. after each pass the box is re-fitted from the landmarks found: the square that the mean
///    shape, scaled and shifted (least squares), best lays over them — the box dlib's HOG
///    detector would most likely have drawn — and the predictor runs again on it
///    (`refinementPasses` times, or until no edge of the box moves more than a pixel).
/// Boxes that already come from dlib's HOG detector can go straight to
/// `DlibShapePredictor.landmarks(in:box:)`.
public struct DlibLandmarker: FaceLandmarker {
    public let predictor: DlibShapePredictor
    /// How many times the box is re-fitted from the landmarks and the predictor run again.
    public let refinementPasses: Int

    /// A landmarker over a 68-point `predictor`.
    public init(predictor: DlibShapePredictor, refinementPasses: Int = 4) throws(DlibFormatError) {
        guard predictor.partCount == 68 else {
            throw DlibFormatError("the dlib landmarker needs the 68-point shape predictor, this one places \(predictor.partCount) points")
        }
        precondition(refinementPasses >= 0, "DlibLandmarker: refinementPasses must be ≥ 0")
        self.predictor = predictor
        self.refinementPasses = refinementPasses
    }

    /// Reads `shape_predictor_68_face_landmarks.dat`.
    public init(contentsOf url: URL, refinementPasses: Int = 4) throws(DlibFormatError) {
        try self.init(predictor: DlibShapePredictor(contentsOf: url), refinementPasses: refinementPasses)
    }

    /// The 68 landmarks of `face` in `frame` pixels (sub-pixel; dlib itself rounds them).
    public func landmarks(in frame: Image, face: FaceDetection) throws -> [SIMD2<Float>] {
        guard var box = Self.squareBox(around: face) else {
            throw FaceBoxError("the dlib landmarker cannot use the face box (\(face.left), \(face.top), \(face.right), \(face.bottom))")
        }
        var points = predictor.landmarks(in: frame, box: box)
        for _ in 0..<refinementPasses {
            let fitted = predictor.box(fitting: points)
            if fitted.isWithinOnePixel(of: box) { break }
            box = fitted
            points = predictor.landmarks(in: frame, box: box)
        }
        return points
    }

    /// The square of `face`'s centre whose side is the mean of its width and height; nil for a
    /// box that is empty or not finite.
    public static func squareBox(around face: FaceDetection) -> DlibRectangle? {
        let side = (face.width + face.height) / 2
        let centre = SIMD2(face.left + face.right, face.top + face.bottom) / 2
        guard side > 0 else { return nil }
        return DlibRectangle(FaceDetection(left: centre.x - side / 2, top: centre.y - side / 2, right: centre.x + side / 2,
                                           bottom: centre.y + side / 2, score: face.score))
    }
}
