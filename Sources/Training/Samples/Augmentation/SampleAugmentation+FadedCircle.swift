import Imaging

extension SampleAugmentation {
    /// DFL's `sd.random_circle_faded([size, size])`: a one-channel `float32` mask, 1 within
    /// `fade_start = randint(size)` pixels of a random centre (row `randint(size)`, column
    /// `randint(size)`), falling linearly to 0 at `fade_start + fade_end`, where
    /// `fade_end = fade_start + randint(size − fade_start)` (1 when 0) — DFL divides the distance
    /// past the start by `fade_end` itself, which this keeps.
    public static func randomFadedCircle(size: Int, using random: inout some RandomNumberGenerator) -> Image {
        let fadeStart = Int.random(in: 0..<size, using: &random)
        var fadeEnd = fadeStart + Int.random(in: 0..<(size - fadeStart), using: &random)
        let centreRow = Int.random(in: 0..<size, using: &random), centreColumn = Int.random(in: 0..<size, using: &random)
        if fadeEnd == 0 { fadeEnd = 1 }
        return Image.fadedCircle(size: size, centreX: centreColumn, centreY: centreRow, fadeStart: Float(fadeStart), fadeLength: Float(fadeEnd))
    }
}
