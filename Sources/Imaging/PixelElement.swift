/// A Swift type that stores one channel value of one pixel: `UInt8` or `Float`.
public protocol PixelElement: BitwiseCopyable, Sendable {
    /// The pixel format whose elements have this type.
    static var pixelFormat: PixelFormat { get }
}

extension UInt8: PixelElement {
    public static var pixelFormat: PixelFormat { .uint8 }
}

extension Float: PixelElement {
    public static var pixelFormat: PixelFormat { .float32 }
}
