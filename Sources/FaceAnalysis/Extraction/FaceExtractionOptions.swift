import FaceGeometry
import Support

/// The options of a face extraction, declared once with DFL's names for what DFL's extractor
/// asks (`mainscripts/Extractor.py`: face type, image size, JPEG quality, max faces per image)
/// and Masque's additions. `masque extract-faces` takes its flags' help from these, and
/// `FaceExtractionRequest.validate` checks values with them.
public enum FaceExtractionOptions {
    /// DFL's face types that can be extracted (`mark_only` cannot), long and short forms.
    public static let faceType = OptionDescriptor(
        "face_type", prompt: "Face type",
        help: "Face type of the aligned faces: half_face (h), midfull_face (mf), full_face (f), whole_face (wf) or head",
        kind: .choice(values: [FaceType.half, .midFull, .full, .wholeFace, .head].flatMap { [$0.name] + ($0.shortName.map { [$0] } ?? []) }),
        default: .string("wf"))
    /// DFL's "Image size" (256–2048; 512 by default, 768 for head).
    public static let imageSize = OptionDescriptor(
        "image_size", prompt: "Image size", help: "Side of the aligned faces in pixels",
        kind: .int(range: 256...2048), default: .int(512), defaultNote: "512, 768 for head")
    /// DFL's "Jpeg quality" (1–100, 90).
    public static let jpegQuality = OptionDescriptor(
        "jpeg_quality", prompt: "Jpeg quality", help: "JPEG quality of the aligned faces",
        kind: .int(range: 1...100), default: .int(90))
    /// DFL's "Max number of faces from image" (0 keeps all).
    public static let maxFaces = OptionDescriptor(
        "max_faces", prompt: "Max number of faces from image", help: "Keep at most this many faces per frame, largest first",
        kind: .int(range: 0...Int.max), default: .int(0), lowestMeans: "all")
    /// The face detector, by `FaceDetectorKind` name.
    public static let detector = OptionDescriptor(
        "detector", prompt: "Face detector",
        help: "Face detector (s3fd needs --dfl-models)",
        kind: .choice(values: FaceDetectorKind.allCases.map(\.rawValue)), default: .string(FaceDetectorKind.centerface.rawValue),
        defaultNote: "s3fd with --dfl-models, else centerface")
    /// The landmarker, by `LandmarkerKind` name.
    public static let landmarker = OptionDescriptor(
        "landmarker", prompt: "Landmarker",
        help: "Landmarker (dlib's weights bar commercial use; 2dfan needs --dfl-models)",
        kind: .choice(values: LandmarkerKind.allCases.map(\.rawValue)), default: .string(LandmarkerKind.facemesh.rawValue),
        defaultNote: "2dfan with --dfl-models, else facemesh")
    /// How far a face's dlib embedding may lie from the reference person's (`FaceEmbedding`).
    public static let identityThreshold = FaceEmbedding.thresholdOption
    /// The frame rate landmark smoothing assumes.
    public static let fps = OptionDescriptor(
        "fps", prompt: "Frames per second", help: "Frames per second that landmark smoothing assumes",
        kind: .double(range: .leastNonzeroMagnitude...(.greatestFiniteMagnitude)), default: .double(30),
        defaultNote: "the workspace's data_dst video's, else 30")

    /// Every extraction option, in the order DFL asks.
    public static let all = [faceType, imageSize, jpegQuality, maxFaces, detector, landmarker, identityThreshold, fps]
}
