import Imaging

/// Reads dlib's pixel intensity from packed 8-bit pixels without copying them: a gray value as it
/// is, for BGR(A) the integer mean ⌊(r + g + b) / 3⌋ (dlib's `get_pixel_intensity` of an RGB
/// pixel; alpha is ignored).
public struct PixelIntensity {
    public let pixels: UnsafeBufferPointer<UInt8>
    public let width: Int
    public let height: Int
    public let channels: Int

    /// The intensity at the pixel nearest to `point` (dlib rounds ⌊v + 0.5⌋), or 0 outside the
    /// image, as dlib's shape predictor reads it.
    @inline(__always)
    public func value(nearest point: SIMD2<Double>) -> Float {
        let column = (point.x + 0.5).rounded(.down)
        let row = (point.y + 0.5).rounded(.down)
        guard column >= 0, row >= 0, column < Double(width), row < Double(height) else { return 0 }
        let base = (Int(row) * width + Int(column)) * channels
        if channels == 1 { return Float(pixels[base]) }
        return Float((UInt32(pixels[base]) + UInt32(pixels[base + 1]) + UInt32(pixels[base + 2])) / 3)
    }
}

extension Image {
    /// Runs `body` over the intensities of this image (gray, BGR or BGRA; `float32` images are
    /// converted to `uint8` first).
    public func withPixelIntensity<Result, Failure: Error>(
        _ body: (PixelIntensity) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let bytes = format == .uint8 ? self : converted(to: .uint8)
        return try bytes.withUnsafeBufferPointer(as: UInt8.self) { pixels throws(Failure) in
            try body(PixelIntensity(pixels: pixels, width: width, height: height, channels: channels))
        }
    }
}
