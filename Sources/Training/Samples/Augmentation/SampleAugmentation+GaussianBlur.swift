import Imaging

extension SampleAugmentation {
    /// DFL's `apply_random_gaussian_blur`: `chance` in 100 of the time a Gaussian blur with kernel
    /// `randint(maxKernel)·2 + 1` (σ from the kernel), blended in through `mask` when given.
    public static func randomGaussianBlur(_ image: Image, chance: Int, maxKernel: Int, mask: Image? = nil,
                                          using random: inout some RandomNumberGenerator) -> Image {
        guard happens(chance, using: &random) else { return image }
        let kernel = Int.random(in: 0..<maxKernel, using: &random) * 2 + 1
        return masked(image, image.gaussianBlurred(kernelSize: kernel, sigma: 0), mask: mask)
    }
}
