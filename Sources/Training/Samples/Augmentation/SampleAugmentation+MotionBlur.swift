import Imaging

extension SampleAugmentation {
    /// DFL's `apply_random_motion_blur`: kernel `randint(maxKernel) + 1`, angle `randint(360)`
    /// degrees; `chance` in 100 of the time a linear motion blur, blended in through `mask`.
    public static func randomMotionBlur(_ image: Image, chance: Int, maxKernel: Int, mask: Image? = nil,
                                        using random: inout some RandomNumberGenerator) -> Image {
        let kernel = Int.random(in: 0..<maxKernel, using: &random) + 1
        let angle = Double(Int.random(in: 0..<360, using: &random))
        guard happens(chance, using: &random) else { return image }
        return masked(image, image.linearMotionBlurred(kernelSize: kernel, angle: angle), mask: mask)
    }
}
