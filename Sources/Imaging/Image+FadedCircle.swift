import CVision

extension Image {
    /// A one-channel float32 image, `size` pixels square: 1 within `fadeStart` pixels of the
    /// pixel (`centreX`, `centreY`), falling linearly as `1 − (distance − fadeStart)/fadeLength`
    /// to 0, clipped to 0…1.
    public static func fadedCircle(size: Int, centreX: Int, centreY: Int, fadeStart: Float, fadeLength: Float) -> Image {
        var image = Image(uninitializedWidth: size, height: size, channels: 1, format: .float32)
        let status = image.withMutableCVImage { cv_faded_circle($0, Int32(centreX), Int32(centreY), fadeStart, fadeLength) }
        checkCVision(status, "fadedCircle")
        return image
    }
}
