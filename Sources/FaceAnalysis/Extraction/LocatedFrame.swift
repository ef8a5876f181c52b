import Imaging

/// A decoded frame with the faces found in it (boxes and 68 landmarks, in frame pixels), before
/// alignment.
struct LocatedFrame: Sendable {
    var image: Image
    var faces: [(detection: FaceDetection, landmarks: [SIMD2<Float>])]
}
