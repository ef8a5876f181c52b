import Imaging

extension SampleAugmentation {
    /// `image` (BGR) in OpenCV's float HSV with `hue` degrees added (wrapping at 360) and
    /// `saturation`, `value` added and clipped to 0…1, back in BGR.
    public static func hsvShifted(_ image: Image, hue: Float, saturation: Float, value: Float) -> Image {
        var hsv = image.converted(.bgrToHsv).pixels(as: Float.self)
        for i in stride(from: 0, to: hsv.count, by: 3) {
            let h = (hsv[i] + hue).truncatingRemainder(dividingBy: 360)
            hsv[i] = h < 0 ? h + 360 : h
            hsv[i + 1] = min(max(hsv[i + 1] + saturation, 0), 1)
            hsv[i + 2] = min(max(hsv[i + 2] + value, 0), 1)
        }
        return Image(width: image.width, height: image.height, channels: 3, pixels: hsv).converted(.hsvToBgr)
    }

    /// DFL's `apply_random_hsv_shift`: hue + `randint(360)`, saturation and value + (U − 0.5), the
    /// result clipped to 0…1 and blended in through `mask` when given.
    public static func randomHSVShift(_ image: Image, mask: Image? = nil, using random: inout some RandomNumberGenerator) -> Image {
        let hue = Float(Int.random(in: 0..<360, using: &random))
        let saturation = Float(Double.random(in: 0..<1, using: &random) - 0.5)
        let value = Float(Double.random(in: 0..<1, using: &random) - 0.5)
        return masked(image, clipped(hsvShifted(image, hue: hue, saturation: saturation, value: value)), mask: mask)
    }
}
