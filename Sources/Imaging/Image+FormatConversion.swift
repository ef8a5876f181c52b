import CVision

extension Image {
    /// The image with `format` elements: each value becomes `value × scale`, rounded to the
    /// nearest integer and clamped to 0…255 when converting to `uint8` (`Mat.convertTo`).
    /// The default scale maps `uint8` 0…255 to `float32` 0…1 and back, as DFL does.
    public func converted(to format: PixelFormat, scale: Double? = nil) -> Image {
        let factor = scale ?? Self.defaultScale(from: self.format, to: format)
        return producing("converted(to:)", width: width, height: height, channels: channels, format: format) {
            cv_convert_depth($0, $1, factor, 0)
        }
    }

    private static func defaultScale(from source: PixelFormat, to target: PixelFormat) -> Double {
        switch (source, target) {
        case (.uint8, .float32): 1 / 255
        case (.float32, .uint8): 255
        default: 1
        }
    }
}
