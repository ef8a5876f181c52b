import Imaging

extension SampleAugmentation {
    /// DFL's `apply_random_sharpen`: kernel `randint(maxKernel) + 1`; `chance` in 100 of the time,
    /// 50/50 a box sharpen of amount `randint(10)` or a Gaussian sharpen of amount `randint(50)`
    /// (`blurSharpened`), blended in through `mask` when given.
    public static func randomSharpen(_ image: Image, chance: Int, maxKernel: Int, mask: Image? = nil,
                                     using random: inout some RandomNumberGenerator) -> Image {
        let kernel = Int.random(in: 0..<maxKernel, using: &random) + 1
        guard happens(chance, using: &random) else { return image }
        let result = Int.random(in: 0..<2, using: &random) == 0
            ? image.blurSharpened(mode: .box, kernelSize: kernel, amount: Int.random(in: 0..<10, using: &random))
            : image.blurSharpened(mode: .gaussian, kernelSize: kernel, amount: Int.random(in: 0..<50, using: &random))
        return masked(image, result, mask: mask)
    }
}
