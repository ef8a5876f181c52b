import CVision

extension Image {
    /// DFL's colour levels (`apply_random_rgb_levels`): per channel c,
    /// `clip((x − inBlack)/(inWhite − inBlack), 0, 1)^(1/gamma)·(outWhite − outBlack) + outBlack`,
    /// clipped to 0…1. Float32; each array holds one value per channel.
    public func levelsAdjusted(inBlack: [Float], inWhite: [Float], gamma: [Float], outBlack: [Float], outWhite: [Float]) -> Image {
        precondition(format == .float32, "levelsAdjusted: a float32 image is needed")
        precondition([inBlack, inWhite, gamma, outBlack, outWhite].allSatisfy { $0.count == channels },
                     "levelsAdjusted: one value per channel is needed")
        return producingSameShape("levelsAdjusted") { cv_levels($0, $1, inBlack, inWhite, gamma, outBlack, outWhite) }
    }
}
