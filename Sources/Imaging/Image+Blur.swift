import CVision

/// Smoothing filters. Borders are mirrored around the edge pixel (OpenCV's default,
/// `BORDER_REFLECT_101`), as in DFL.
extension Image {
    /// Gaussian blur with a square kernel (`cv2.GaussianBlur(image, (k, k), sigma)`).
    /// `kernelSize` is odd, or 0 to derive it from `sigma`; `sigma` is in pixels, or 0 to
    /// derive it from `kernelSize`.
    public func gaussianBlurred(kernelSize: Int, sigma: Double) -> Image {
        precondition(kernelSize == 0 || (kernelSize > 0 && kernelSize % 2 == 1),
                     "gaussianBlurred: kernel size \(kernelSize) must be odd or 0")
        precondition(sigma >= 0 && (kernelSize > 0 || sigma > 0),
                     "gaussianBlurred: sigma \(sigma) must be positive when the kernel size is 0")
        let size = Int32(kernelSize)
        return producingSameShape("gaussianBlurred") { cv_gaussian_blur($0, $1, size, size, sigma, sigma) }
    }

    /// The mean over a `kernelSize`×`kernelSize` box around each pixel (`cv2.blur`).
    public func boxBlurred(kernelSize: Int) -> Image {
        precondition(kernelSize >= 1, "boxBlurred: kernel size \(kernelSize) must be at least 1")
        let size = Int32(kernelSize)
        return producingSameShape("boxBlurred") { cv_box_blur($0, $1, size, size) }
    }

    /// The median over a `kernelSize`×`kernelSize` box, per channel (`cv2.medianBlur`).
    /// `kernelSize` is odd and above 1; `float32` images allow only 3 and 5.
    public func medianBlurred(kernelSize: Int) -> Image {
        precondition(kernelSize > 1 && kernelSize % 2 == 1, "medianBlurred: kernel size \(kernelSize) must be odd and > 1")
        precondition(format == .uint8 || kernelSize <= 5, "medianBlurred: float32 images allow kernel sizes 3 and 5")
        let size = Int32(kernelSize)
        return producingSameShape("medianBlurred") { cv_median_blur($0, $1, size) }
    }
}
