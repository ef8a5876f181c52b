import FaceGeometry
import FaceSet

/// What an extraction produces (DFL's `extract` options, reference §2.1).
public struct ExtractionSettings: Sendable {
    /// Face type of the aligned faces (DFL default: whole_face).
    public var faceType: FaceType
    /// Side of the aligned square in pixels (DFL default 512, 768 for head; valid 256–2048).
    public var imageSize: Int
    /// JPEG quality of the aligned faces, 1–100 (DFL default 90).
    public var jpegQuality: Int
    /// Keep at most this many faces per frame, largest first; 0 = all (DFL's `max_faces_from_image`).
    public var maxFaces: Int
    /// Write `aligned_debug` images (DFL: always for dst).
    public var writeDebugImages: Bool
    /// Smooth landmarks across consecutive frames (dst only; reduces jitter, keeps fast motion).
    public var smoothLandmarks: Bool
    /// Frame rate of the source video, for the smoother's time constants.
    public var frameRate: Double
    /// Detect the upright faces of several frames in one device call (worth it on a GPU; on the
    /// CPU one frame per core is faster).
    public var batchDetection: Bool

    public init(faceType: FaceType = .wholeFace, imageSize: Int? = nil, jpegQuality: Int = 90, maxFaces: Int = 0,
                writeDebugImages: Bool = false, smoothLandmarks: Bool = false, frameRate: Double = 30,
                batchDetection: Bool = false) {
        self.faceType = faceType
        self.imageSize = imageSize ?? (faceType >= .head ? 768 : 512)
        self.jpegQuality = jpegQuality
        self.maxFaces = maxFaces
        self.writeDebugImages = writeDebugImages
        self.smoothLandmarks = smoothLandmarks
        self.frameRate = frameRate
        self.batchDetection = batchDetection
    }
}
