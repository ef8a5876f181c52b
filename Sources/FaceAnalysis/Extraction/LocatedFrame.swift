import Imaging

/// A face found in a frame: the detector's box and the 68 landmarks, in frame pixels.
public struct LocatedFace: Sendable {
    public var detection: FaceDetection
    public var landmarks: [SIMD2<Float>]

    public init(detection: FaceDetection, landmarks: [SIMD2<Float>]) {
        self.detection = detection
        self.landmarks = landmarks
    }
}

/// A decoded frame with the faces found in it (boxes and 68 landmarks, in frame pixels), before
/// alignment.
struct LocatedFrame: Sendable {
    var image: Image
    var faces: [LocatedFace]
    /// Whether the faces were placed by hand (re-extraction), which DFL aligns without its
    /// crop-size sanity check.
    var placedByHand = false
}
