import Imaging

/// Places the 68 iBUG/300-W landmarks (frame pixels) of a face found by a detector. One file per
/// landmarker conforms to this protocol and is registered in `LandmarkerKind`.
public protocol FaceLandmarker: Sendable {
    /// The 68 landmarks (frame pixels) of the face `face` found in `frame`.
    func landmarks(in frame: Image, face: FaceDetection) throws -> [SIMD2<Float>]
    /// The 68 landmarks (frame pixels) of each face, each found in its frame, in order;
    /// landmarkers that can run several faces in one device call do.
    func landmarks(in faces: [(frame: Image, face: FaceDetection)]) throws -> [[SIMD2<Float>]]
}

extension FaceLandmarker {
    public func landmarks(in faces: [(frame: Image, face: FaceDetection)]) throws -> [[SIMD2<Float>]] {
        try faces.map { try landmarks(in: $0.frame, face: $0.face) }
    }
}
