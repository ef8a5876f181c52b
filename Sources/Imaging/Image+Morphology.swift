import CVision

/// Erosion and dilation per channel. Outside the image counts as neither set nor clear
/// (OpenCV's default border), so edges do not erode a mask by themselves.
extension Image {
    /// The minimum over `element` around each pixel, applied `iterations` times (`cv2.erode`).
    public func eroded(_ element: StructuringElement, iterations: Int = 1) -> Image {
        morphology(operation: 0, element, iterations: iterations, name: "eroded")
    }

    /// The maximum over `element` around each pixel, applied `iterations` times (`cv2.dilate`).
    public func dilated(_ element: StructuringElement, iterations: Int = 1) -> Image {
        morphology(operation: 1, element, iterations: iterations, name: "dilated")
    }

    private func morphology(operation: Int32, _ element: StructuringElement, iterations: Int, name: String) -> Image {
        precondition(iterations >= 1, "\(name): \(iterations) iterations; use at least 1")
        return producingSameShape(name) {
            cv_morphology($0, $1, operation, element.shape.rawValue, Int32(element.width), Int32(element.height),
                          Int32(iterations))
        }
    }
}
