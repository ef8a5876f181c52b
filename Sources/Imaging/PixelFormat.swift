import CVision

/// The element type of an image's pixels.
public enum PixelFormat: Sendable, Hashable, CustomStringConvertible {
    /// 8-bit unsigned integers, 0…255.
    case uint8
    /// 32-bit floats; colour values are 0…1 by convention, as DFL uses them.
    case float32

    /// Bytes taken by one channel value of one pixel.
    public var bytesPerElement: Int {
        switch self {
        case .uint8: 1
        case .float32: 4
        }
    }

    public var description: String {
        switch self {
        case .uint8: "uint8"
        case .float32: "float32"
        }
    }

    /// OpenCV's depth code for this format.
    var cvDepth: Int32 {
        switch self {
        case .uint8: CVISION_DEPTH_U8
        case .float32: CVISION_DEPTH_F32
        }
    }
}
