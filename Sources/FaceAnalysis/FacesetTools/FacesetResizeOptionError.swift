import FaceSet

/// A resize option outside what DFL offers.
public enum FacesetResizeOptionError: Error, Equatable, CustomStringConvertible {
    case size(Int)
    case faceType(FaceType)
    case faceTypeName(String)

    private static let choices = FacesetResizeOptions.faceTypes.compactMap(\.shortName).joined(separator: ", ") + " or same"

    public var description: String {
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
