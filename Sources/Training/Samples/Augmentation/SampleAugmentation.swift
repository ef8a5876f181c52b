import Imaging

/// DFL's random image filters for training samples (`core/imagelib/filters.py`,
/// `core/imagelib/sd/draw.py`, reference §7.5), on `float32` BGR images (values may leave 0…1
/// between steps, as in DFL). Every draw comes from the generator given, so a sample's seed
/// reproduces it; the order of the draws follows DFL's (a filter's mask is drawn before the filter
/// itself, as Python evaluates the argument first). One filter per file.
public enum SampleAugmentation {
    /// DFL's masked variants: `result` blended into `image` through `mask` (one channel in 0…1:
    /// `image·(1 − mask) + result·mask`), or `result` itself without a mask.
    static func masked(_ image: Image, _ result: Image, mask: Image?) -> Image {
        mask.map { image.blended(with: result, mask: $0) } ?? result
    }

    /// DFL's `rnd_state.randint(100) < clip(chance, 0, 100)`: true `chance` times in 100.
    static func happens(_ chance: Int, using random: inout some RandomNumberGenerator) -> Bool {
        Int.random(in: 0..<100, using: &random) < min(max(chance, 0), 100)
    }

    /// Every value clipped to 0…1 (`np.clip(image, 0, 1)`).
    public static func clipped(_ image: Image) -> Image {
        image.clippedToUnit()
    }
}
