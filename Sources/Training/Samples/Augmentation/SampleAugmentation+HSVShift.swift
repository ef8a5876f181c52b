import Imaging

extension SampleAugmentation {
    /// DFL's `apply_random_hsv_shift`: hue + `randint(360)`, saturation and value + (U − 0.5), the
    /// result clipped to 0…1 and blended in through `mask` when given.
    public static func randomHSVShift(_ image: Image, mask: Image? = nil, using random: inout some RandomNumberGenerator) -> Image {
        let hue = Float(Int.random(in: 0..<360, using: &random))
        let saturation = Float(Double.random(in: 0..<1, using: &random) - 0.5)
        let value = Float(Double.random(in: 0..<1, using: &random) - 0.5)
        return masked(image, clipped(image.hsvShifted(hue: hue, saturation: saturation, value: value)), mask: mask)
    }
}
