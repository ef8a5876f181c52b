import Tensors

extension Image {
    /// A one-channel float32 image, `size` pixels square: 1 within `fadeStart` pixels of the
    /// pixel (`centreX`, `centreY`), falling linearly as `1 − (distance − fadeStart)/fadeLength`
    /// to 0, clipped to 0…1.
    public static func fadedCircle(size: Int, centreX: Int, centreY: Int, fadeStart: Float, fadeLength: Float) -> Image {
        let across = Tensor.arange(0, Double(size)) - Double(centreX)
        let down = Tensor.arange(0, Double(size)) - Double(centreY)
        let distance = (down.square().reshaped([size, 1, 1]) + across.square().reshaped([1, size, 1])).sqrt()
        return Image(values: (1 - (distance - Double(fadeStart)) / Double(fadeLength)).clamped(0, 1))
    }
}
