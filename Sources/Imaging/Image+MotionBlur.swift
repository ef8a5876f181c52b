import Foundation

extension Image {
    /// DFL's `LinearMotionBlur(image, size, angle)` (`core/imagelib/blursharpen.py`, reference
    /// §8.5): a `kernelSize`² kernel whose middle row (`(k − 1)/2`) is 1, turned by `angle` degrees
    /// (counter-clockwise, OpenCV's convention) about (k/2 − 0.5, k/2 − 0.5) with a bilinear warp
    /// and zero border, normalised to sum 1, then `filtered` over the image. `kernelSize` ≥ 1.
    public func linearMotionBlurred(kernelSize: Int, angle: Double) -> Image {
        precondition(kernelSize >= 1, "linearMotionBlurred: kernel size \(kernelSize) must be at least 1")
        var line = [Float](repeating: 0, count: kernelSize * kernelSize)
        for x in 0..<kernelSize { line[(kernelSize - 1) / 2 * kernelSize + x] = 1 }
        let centre = Double(kernelSize) / 2 - 0.5
        let radians = angle * Double.pi / 180
        let (alpha, beta) = (cos(radians), sin(radians))
        let rotation = AffineMatrix(m00: alpha, m01: beta, m02: (1 - alpha) * centre - beta * centre,
                                    m10: -beta, m11: alpha, m12: beta * centre + (1 - alpha) * centre)
        let turned = Image(width: kernelSize, height: kernelSize, channels: 1, pixels: line)
            .warpedAffine(rotation, width: kernelSize, height: kernelSize, interpolation: .linear, border: .constant(.zero))
            .pixels(as: Float.self)
        let total = turned.reduce(0, +)
        return filtered(kernel: turned.map { $0 / total }, width: kernelSize, height: kernelSize)
    }
}
