import CVision

extension Image {
    /// `cv2.Laplacian(image, cv2.CV_64F, ksize=kernelSize)`: the Laplacian of every channel in
    /// float64, row by row, pixel by pixel, channel by channel (reflect-101 borders). DFL's
    /// motion-blur sort takes the variance of these values with `kernelSize` 11.
    public func laplacian(kernelSize: Int) -> [Double] {
        precondition(kernelSize >= 1 && kernelSize <= 31 && kernelSize % 2 == 1,
                     "laplacian: kernel size \(kernelSize) must be odd, 1…31")
        var output = [Double](repeating: 0, count: elementCount)
        let status = withCVImage { source in
            output.withUnsafeMutableBytes { bytes in
                var target = cv_image(data: bytes.baseAddress, width: Int32(width), height: Int32(height),
                                      channels: Int32(channels), depth: CVISION_DEPTH_F64,
                                      stride: width * channels * MemoryLayout<Double>.stride)
                return cv_laplacian(source, &target, Int32(kernelSize))
            }
        }
        checkCVision(status, "laplacian(kernelSize:)")
        return output
    }
}
