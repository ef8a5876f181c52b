import CVision

extension Image {
    /// Edge-preserving smoothing (`cv2.bilateralFilter(image, diameter, sigmaColor, sigmaSpace)`),
    /// borders mirrored (`BORDER_REFLECT_101`). `diameter` ≤ 0 takes 2·round(1.5·sigmaSpace) + 1;
    /// `sigmaColor` is in the pixels' units, `sigmaSpace` in pixels. One or three channels.
    func bilateralFiltered(diameter: Int, sigmaColor: Double, sigmaSpace: Double) -> Image {
        precondition(channels == 1 || channels == 3, "bilateralFiltered: \(channels) channels; use 1 or 3")
        let size = Int32(diameter)
        return producingSameShape("bilateralFiltered") { cv_bilateral_filter($0, $1, size, sigmaColor, sigmaSpace) }
    }
}
