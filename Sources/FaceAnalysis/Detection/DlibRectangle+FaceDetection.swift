import Inference

extension DlibRectangle {
    /// A detector's box with each side rounded to the nearest pixel; nil when a side is not
    /// finite or beyond ±2³⁰ pixels.
    public init?(_ face: FaceDetection) {
        let sides = [face.left, face.top, face.right, face.bottom]
        guard sides.allSatisfy({ $0.isFinite && abs($0) < 0x1p30 }) else { return nil }
        self.init(left: Int(face.left.rounded()), top: Int(face.top.rounded()),
                  right: Int(face.right.rounded()), bottom: Int(face.bottom.rounded()))
    }

    /// The box as a `FaceDetection` with `score` (frame pixels).
    public func detection(score: Float) -> FaceDetection {
        FaceDetection(left: Float(left), top: Float(top), right: Float(right), bottom: Float(bottom), score: score)
    }
}
