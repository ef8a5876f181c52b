import FaceGeometry
import Support

/// A resize option outside what DFL offers.
public enum FacesetResizeOptionError: MasqueError, Equatable {
    /// A size outside 128…2048.
    case size(Int)
    /// A face type faces cannot be re-cropped to (`full_face_no_align`, `head_no_align`, `mark_only`).
    case faceType(FaceType)
    /// An option text that names no face type.
    case faceTypeName(String)

    private static let choices = FacesetResizeOptions.faceTypes.compactMap(\.shortName).joined(separator: ", ") + " or same"

    public var message: String {
        switch self {
        case .size(let size):
            "size \(size) is invalid: expected \(FacesetResizeOptions.sizeRange.lowerBound) to \(FacesetResizeOptions.sizeRange.upperBound)"
        case .faceType(let type):
            "face type \(type.name) is invalid: expected \(Self.choices)"
        case .faceTypeName(let name):
            "face type '\(name)' is invalid: expected \(Self.choices)"
        }
    }
}
