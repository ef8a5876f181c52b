import Imaging

extension SampleAugmentation {
    /// DFL's `apply_random_rgb_levels`: per channel (B, G, R) input black U·0.25, input white
    /// 1 − U·0.25, gamma 0.5 + U, output black U·0.25, output white 1 − U·0.25 (drawn in that
    /// order, three of each); `clip((x − inB)/(inW − inB), 0, 1)^(1/γ)·(outW − outB) + outB`,
    /// clipped to 0…1 and blended in through `mask` when given.
    public static func randomRGBLevels(_ image: Image, mask: Image? = nil, using random: inout some RandomNumberGenerator) -> Image {
        func three(_ make: (Float) -> Float) -> [Float] { (0..<3).map { _ in make(Float(Double.random(in: 0..<1, using: &random))) } }
        let inBlack = three { $0 * 0.25 }, inWhite = three { 1 - $0 * 0.25 }, gamma = three { 0.5 + $0 }
        let outBlack = three { $0 * 0.25 }, outWhite = three { 1 - $0 * 0.25 }
        let adjusted = image.levelsAdjusted(inBlack: inBlack, inWhite: inWhite, gamma: gamma, outBlack: outBlack, outWhite: outWhite)
        return masked(image, adjusted, mask: mask)
    }
}
