import Imaging

/// Decides whether a located face belongs to the wanted person (`--reference FACE.jpg …`).
public protocol IdentityFilter: Sendable {
    func matches(frame: Image, detection: FaceDetection, landmarks: [SIMD2<Float>]) throws -> Bool
}
