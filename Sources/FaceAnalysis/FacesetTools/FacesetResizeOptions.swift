import FaceSet

/// What DFL's `facesettool resize` asks for: the new size of the square faces and, optionally,
/// a new face type to re-crop them to.
public struct FacesetResizeOptions: Sendable, Equatable {
    /// The sizes DFL accepts.
    public static let sizeRange = 128...2048
    /// DFL's default size.
    public static let defaultSize = 512
    /// The face types a faceset can be re-cropped to (DFL's `h mf f wf head`).
    public static let faceTypes: [FaceType] = [.half, .midFull, .full, .wholeFace, .head]

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
        guard let faceType = FaceType(shortName: text), faceTypes.contains(faceType) else { throw .faceTypeName(text) }
        return faceType
    }
}
