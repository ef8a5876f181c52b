import Imaging

extension SampleAugmentation {
    /// DFL's `apply_random_resize` (`apply_random_nearest_resize` / `_bilinear_resize`): `chance`
    /// in 100 of the time the image is shrunk by up to `maxPercent` % (new side
    /// `w − int(U·int(w·maxPercent/100))`) and enlarged back, both with `interpolation`, then
    /// blended in through `mask` when given.
    public static func randomDownUpResize(_ image: Image, chance: Int, maxPercent: Int, interpolation: Interpolation,
                                          mask: Image? = nil, using random: inout some RandomNumberGenerator) -> Image {
        guard happens(chance, using: &random) else { return image }
        let shrink = Double.random(in: 0..<1, using: &random)
        let width = image.width - Int(shrink * Double(Int(Double(image.width) * Double(maxPercent) / 100)))
        let height = image.height - Int(shrink * Double(Int(Double(image.height) * Double(maxPercent) / 100)))
        let result = image.resized(width: max(width, 1), height: max(height, 1), interpolation: interpolation)
            .resized(width: image.width, height: image.height, interpolation: interpolation)
        return masked(image, result, mask: mask)
    }
}
