import Foundation
import Imaging

extension EncodedXSegMask {
    /// The largest encoded mask DFL stores; a bigger PNG is replaced by a JPEG.
    public static let maximumByteCount = 50_000

    /// `mask` encoded as DFL's `set_xseg_mask` does: one channel, `uint8` values as they are or
    /// `float32` values as `clip(value × 255)` truncated to `uint8`; stored as PNG, or, when the
    /// PNG exceeds 50,000 bytes, as the highest-quality JPEG (100 down to 0) that fits (the
    /// quality-0 JPEG when none does).
    public init(encoding mask: Image) throws(ImagingError) {
        precondition(mask.channels == 1, "EncodedXSegMask: a mask has 1 channel, not \(mask.channels)")
        let pixels = Self.bytePixels(of: mask)
        if let png = try? pixels.encoded(as: .png()), png.count <= Self.maximumByteCount {
            self.init(bytes: [UInt8](png))
            return
        }
        var jpeg = Data()
        for quality in stride(from: 100, through: 0, by: -1) {
            jpeg = try pixels.encoded(as: .jpeg(quality: quality))
            if jpeg.count <= Self.maximumByteCount { break }
        }
        self.init(bytes: [UInt8](jpeg))
    }

    /// The mask as DFL's `get_xseg_mask` reads it: one `float32` channel, 0…1. `sourceName` names
    /// the face in errors.
    public func decoded(sourceName: String) throws(FacesetError) -> Image {
        do {
            return try Image(encoded: Data(bytes), mode: .grayscale, source: sourceName).converted(to: .float32)
        } catch {
            throw FacesetError(file: sourceName, reason: "its XSeg mask cannot be decoded (\(error))")
        }
    }

    /// `np.clip(mask * 255, 0, 255).astype(np.uint8)` for float masks; byte masks unchanged.
    private static func bytePixels(of mask: Image) -> Image {
        guard mask.format == .float32 else { return mask }
        let values = mask.pixels(as: Float.self).map { value -> UInt8 in
            let scaled = value * 255
            guard scaled > 0 else { return 0 }
            return scaled >= 255 ? 255 : UInt8(scaled)
        }
        return Image(width: mask.width, height: mask.height, channels: 1, pixels: values)
    }
}
