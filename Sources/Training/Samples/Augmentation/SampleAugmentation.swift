import Imaging

/// DFL's random image filters for training samples (`core/imagelib/filters.py`,
/// `core/imagelib/sd/draw.py`, reference §7.5), on `float32` BGR images (values may leave 0…1
/// between steps, as in DFL). Every draw comes from the generator given, so a sample's seed
/// reproduces it; the order of the draws follows DFL's (a filter's mask is drawn before the filter
/// itself, as Python evaluates the argument first). One filter per file.
public enum SampleAugmentation {
    /// DFL's masked variants: `image·(1 − mask) + result·mask`, `mask` one channel in 0…1.
    static func blend(_ image: Image, _ result: Image, mask: Image) -> Image {
        let (a, b, m) = (image.pixels(as: Float.self), result.pixels(as: Float.self), mask.pixels(as: Float.self))
        let channels = image.channels
        var values = [Float](repeating: 0, count: a.count)
        for i in 0..<a.count {
            let weight = m[i / channels]
            values[i] = a[i] * (1 - weight) + b[i] * weight
        }
        return Image(width: image.width, height: image.height, channels: channels, pixels: values)
    }

    /// `result` blended into `image` through `mask`, or `result` itself without a mask.
    static func masked(_ image: Image, _ result: Image, mask: Image?) -> Image {
        mask.map { blend(image, result, mask: $0) } ?? result
    }

    /// DFL's `rnd_state.randint(100) < clip(chance, 0, 100)`: true `chance` times in 100.
    static func happens(_ chance: Int, using random: inout some RandomNumberGenerator) -> Bool {
        Int.random(in: 0..<100, using: &random) < min(max(chance, 0), 100)
    }

    /// `values` as an image shaped like `like`.
    static func image(_ values: [Float], like shape: Image) -> Image {
        Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: values)
    }

    /// Every value clipped to 0…1 (`np.clip(image, 0, 1)`).
    public static func clipped(_ image: Image) -> Image {
        image.clippedToUnit()
    }
}
