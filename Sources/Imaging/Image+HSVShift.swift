import CVision

extension Image {
    /// This BGR float32 image in OpenCV's float HSV with `hue` degrees added (wrapping at 360)
    /// and `saturation`, `value` added and clipped to 0…1, back in BGR.
    public func hsvShifted(hue: Float, saturation: Float, value: Float) -> Image {
        precondition(format == .float32 && channels == 3, "hsvShifted: a float32 BGR image is needed")
        return converted(.bgrToHsv).producingSameShape("hsvShifted") { cv_hsv_shift($0, $1, hue, saturation, value) }
            .converted(.hsvToBgr)
    }
}
