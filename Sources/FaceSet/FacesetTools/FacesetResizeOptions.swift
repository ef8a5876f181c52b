import FaceGeometry
import Support

/// What DFL's `facesettool resize` asks for: the new size of the square faces and, optionally,
/// a new face type to re-crop them to.
public struct FacesetResizeOptions: Sendable, Equatable {
    /// The sizes DFL accepts.
    public static let sizeRange = 128...2048
    /// DFL's default size.
    public static let defaultSize = 512
    /// The face types a faceset can be re-cropped to (DFL's `h mf f wf head`).
    public static let faceTypes: [FaceType] = [.half, .midFull, .full, .wholeFace, .head]

    /// DFL's "New image size" (`mainscripts/FacesetResizer.py`), declared once for every front end.
    public static let sizeOption = OptionDescriptor(
        "size", prompt: "New image size", help: "New width and height of the faces in pixels",
        kind: .int(range: sizeRange), default: .int(defaultSize))
    /// DFL's "Change face type" (`h mf f wf head same`).
    public static let faceTypeOption = OptionDescriptor(
        "face_type", prompt: "Change face type", help: "Face type to re-crop to, or same to keep each face's",
        kind: .choice(values: faceTypes.compactMap(\.shortName) + ["same"]), default: .string("same"))

    /// Width and height of the resized faces.
    public let size: Int
    /// The face type to re-crop to; nil keeps each face's own type and crop.
    public let faceType: FaceType?

    /// Options for `size` (128…2048) and `faceType` (one of `faceTypes`, or nil for "same").
    public init(size: Int = defaultSize, faceType: FaceType? = nil) throws(FacesetResizeOptionError) {
        guard Self.sizeRange.contains(size) else { throw .size(size) }
        if let faceType, !Self.faceTypes.contains(faceType) { throw .faceType(faceType) }
        self.size = size
        self.faceType = faceType
    }

    /// The face type DFL's prompt answer `text` names: `h`, `mf`, `f`, `wf`, `head`, or `same`
    /// (nil: keep each face's type).
    public static func faceType(option text: String) throws(FacesetResizeOptionError) -> FaceType? {
        if text == "same" { return nil }
        guard let faceType = FaceType(option: text), faceTypes.contains(faceType) else { throw .faceTypeName(text) }
        return faceType
    }
}
