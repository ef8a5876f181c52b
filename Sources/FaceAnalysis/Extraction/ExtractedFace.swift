import FaceSet
import Imaging

/// One face cut out of a frame: the aligned image and everything DFL stores with it.
public struct ExtractedFace: Sendable {
    /// The aligned face, `imageSize`×`imageSize`, BGR uint8.
    public var image: Image
    /// The metadata written into the aligned JPEG.
    public var metadata: AlignedFace
    /// The detector's box in frame pixels (as stored in `source_rect`).
    public var detection: FaceDetection
    /// Frame → aligned face.
    public var transform: AffineMatrix
}
