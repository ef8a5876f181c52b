import CVision

extension Image {
    /// The variance of the Laplacian of the gray image, the blur metric DFL's sort uses
    /// (`cv2.Laplacian(gray, cv2.CV_64F).var()`): higher is sharper, near 0 is flat or blurred.
    /// Colour images are converted to gray first. `uint8` images give values in 0…255 units
    /// squared, `float32` images (whose Laplacian OpenCV takes in float32) in their own units.
    public func laplacianVariance() -> Double {
        let gray: Image = switch channels {
        case 3: converted(.bgrToGray)
        case 4: converted(.bgraToGray)
        default: self
        }
        let values: [Double] = switch format {
        case .uint8: gray.laplacian(as: Double.self, depth: CVISION_DEPTH_F64)
        case .float32: gray.laplacian(as: Float.self, depth: CVISION_DEPTH_F32).map(Double.init)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }

    /// The 3x3-aperture Laplacian of this one-channel image with `Element` values.
    private func laplacian<Element: BinaryFloatingPoint>(as type: Element.Type, depth: Int32) -> [Element] {
        var output = [Element](repeating: 0, count: width * height)
        let status = withCVImage { source in
            output.withUnsafeMutableBytes { bytes in
                var target = cv_image(data: bytes.baseAddress, width: Int32(width), height: Int32(height), channels: 1,
                                      depth: depth, stride: width * MemoryLayout<Element>.stride)
                return cv_laplacian(source, &target, 1)
            }
        }
        checkCVision(status, "laplacianVariance")
        return output
    }
}
