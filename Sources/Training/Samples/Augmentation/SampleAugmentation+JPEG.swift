import Foundation
import Imaging

extension SampleAugmentation {
    /// DFL's `apply_random_jpeg_compress`: `chance` in 100 of the time the image is encoded as a
    /// JPEG of quality `randint(10, 101)` from `clip(x·255, 0, 255)` truncated to bytes, decoded
    /// back to 0…1 and blended in through `mask` when given.
    public static func randomJPEG(_ image: Image, chance: Int, mask: Image? = nil,
                                  using random: inout some RandomNumberGenerator) throws -> Image {
        guard happens(chance, using: &random) else { return image }
        let quality = Int.random(in: 10...100, using: &random)
        let bytes = image.pixels(as: Float.self).map { UInt8(min(max($0 * 255, 0), 255)) }
        let encoded = try Image(width: image.width, height: image.height, channels: image.channels, pixels: bytes)
            .encoded(as: .jpeg(quality: quality))
        let decoded = try Image(encoded: encoded, mode: .color, source: "a JPEG re-compression").converted(to: .float32)
        return masked(image, decoded, mask: mask)
    }
}
