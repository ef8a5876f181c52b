import FaceSet

/// A resize option outside what DFL offers.
public enum FacesetResizeOptionError: Error, Equatable, CustomStringConvertible {
    case size(Int)
    case faceType(FaceType)

    public var description: String {
        switch self {
        case .size(let size):
            "size \(size) is invalid: expected \(FacesetResizeOptions.sizeRange.lowerBound) to \(FacesetResizeOptions.sizeRange.upperBound)"
        case .faceType(let type):
            "face type \(type.name) is invalid: expected one of "
                + FacesetResizeOptions.faceTypes.compactMap(\.shortName).joined(separator: ", ") + " or same"
        }
    }
}
