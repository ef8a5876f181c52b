import Tensors

extension Image {
    /// DFL's colour levels (`apply_random_rgb_levels`): per channel c,
    /// `clip((x − inBlack)/(inWhite − inBlack), 0, 1)^(1/gamma)·(outWhite − outBlack) + outBlack`,
    /// clipped to 0…1. Float32; each array holds one value per channel.
    public func levelsAdjusted(inBlack: [Float], inWhite: [Float], gamma: [Float], outBlack: [Float], outWhite: [Float]) -> Image {
        precondition([inBlack, inWhite, gamma, outBlack, outWhite].allSatisfy { $0.count == channels },
                     "levelsAdjusted: one value per channel is needed")
        func perChannel(_ values: [Float]) -> Tensor { Tensor(values, shape: [channels]) }
        let level = ((values("levelsAdjusted") - perChannel(inBlack)) / perChannel(zip(inWhite, inBlack).map { $0 - $1 })).clamped(0, 1)
        let curved = level.pow(perChannel(gamma.map { 1 / $0 }))
        return Image(values: (curved * perChannel(zip(outWhite, outBlack).map { $0 - $1 }) + perChannel(outBlack)).clamped(0, 1))
    }
}
