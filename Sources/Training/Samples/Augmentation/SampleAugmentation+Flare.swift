import Imaging

extension SampleAugmentation {
    /// DFL's face or background flare (`SampleGeneratorFaceXSeg.py`): `image + GaussianBlur(image ·
    /// region, k)` with `k = r − r mod 2 + 1`, `r = randint(size/4, size)` (σ from the kernel), where
    /// `region` is the face mask or its complement (one channel). Not clipped, as in DFL.
    public static func randomFlare(_ image: Image, region: Image, using random: inout some RandomNumberGenerator) -> Image {
        let size = image.width
        let drawn = Int.random(in: (size / 4)..<size, using: &random)
        let kernel = drawn - drawn % 2 + 1
        let lit = Image(width: image.width, height: image.height, channels: image.channels, repeating: Float(0)).blended(with: image, mask: region)
        return image.adding(lit.gaussianBlurred(kernelSize: kernel, sigma: 0))
    }
}
