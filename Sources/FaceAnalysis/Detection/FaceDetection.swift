import Imaging

/// A face found in a frame: its box in frame pixels (left, top, right, bottom), a confidence in
/// [0, 1], and the detector's keypoints (e.g. CenterFace's and BlazeFace's eyes, nose, mouth corners).
public struct FaceDetection: Sendable, Equatable {
    public var left: Float
    public var top: Float
    public var right: Float
    public var bottom: Float
    public var score: Float
    public var keypoints: [SIMD2<Float>]

    public init(left: Float, top: Float, right: Float, bottom: Float, score: Float, keypoints: [SIMD2<Float>] = []) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
        self.score = score
        self.keypoints = keypoints
    }

    public var width: Float { right - left }
    public var height: Float { bottom - top }
    public var area: Float { width * height }
}

/// Finds faces in a BGR uint8 frame. One file per detector conforms to this protocol and is
/// registered in `FaceDetectorKind`.
public protocol FaceDetector: Sendable {
    /// Faces in `frame`, sorted by area, largest first.
    func detect(in frame: Image) throws -> [FaceDetection]
    /// Faces in each of `frames`; detectors that can run several frames in one device call do.
    func detect(in frames: [Image]) throws -> [[FaceDetection]]
}

extension FaceDetector {
    public func detect(in frames: [Image]) throws -> [[FaceDetection]] { try frames.map { try detect(in: $0) } }
}

