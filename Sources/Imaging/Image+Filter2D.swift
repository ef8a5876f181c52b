import CVision

extension Image {
    /// The correlation of each channel with `kernel` (`cv2.filter2D(image, -1, kernel)`): the
    /// anchor at the kernel's centre, borders mirrored around the edge pixel (`BORDER_REFLECT_101`),
    /// the result in the image's own format. `kernel` holds `width` × `height` weights row by row.
    public func filtered(kernel: [Float], width kernelWidth: Int, height kernelHeight: Int) -> Image {
        precondition(kernelWidth > 0 && kernelHeight > 0 && kernel.count == kernelWidth * kernelHeight,
                     "filtered: \(kernel.count) weights for a \(kernelWidth)×\(kernelHeight) kernel")
        let (w, h) = (Int32(kernelWidth), Int32(kernelHeight))
        return kernel.withUnsafeBufferPointer { weights in
            producingSameShape("filtered") { cv_filter_2d($0, $1, weights.baseAddress, w, h) }
        }
    }
}
