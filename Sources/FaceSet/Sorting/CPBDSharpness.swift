import Foundation
import Imaging

/// The cumulative probability of blur detection (Narvekar & Karam, IEEE TIP 2011), the
/// sharpness DFL's `blur` and `final` sorts rank by (`core/imagelib/estimate_sharpness.py`,
/// reference §3): in 0…1, higher is sharper, 0 when the image has no edge block.
///
/// Steps: scikit-image Canny edges choose the 64x64 blocks that hold edges (> 0.2 % edge
/// pixels); thinned vertical-edge Sobel responses give edge pixels whose Marziliano widths
/// are measured along the row; each width's blur-detection probability
/// 1 − exp(−|w / JNB|^3.6) (JNB 5 for block contrast ≤ 50, else 3) goes to one of 101
/// buckets; the score is the share of edges in buckets 0…63.
public enum CPBDSharpness {
    /// The sharpness of a `uint8` image: BGR is converted to gray first, one channel is used
    /// as it is.
    public static func score(_ image: Image) -> Double {
        precondition(image.format == .uint8, "CPBDSharpness: needs a uint8 image")
        let gray: Image = image.channels == 3 ? image.converted(.bgrToGray) : image
        precondition(gray.channels == 1, "CPBDSharpness: needs a BGR or one-channel image")
        let values = gray.pixels(as: UInt8.self).map(Double.init)
        return score(gray: values, width: gray.width, height: gray.height)
    }

    /// The sharpness of a gray image given row by row in 0…255.
    static func score(gray: [Double], width: Int, height: Int) -> Double {
        let canny = CannyEdges.edges(of: gray, width: width, height: height)
        let edgePixels = thinnedVerticalEdges(gray, width: width, height: height)
        let widths = edgeWidths(gray, edges: edgePixels, width: width, height: height)

        var buckets = [Double](repeating: 0, count: 101)
        var total = 0
        for blockRow in 0..<(height / 64) {
            for blockColumn in 0..<(width / 64) {
                var edgeCount = 0, lowest = 255.0, highest = 0.0
                var blockWidths: [Int] = []
                for y in (blockRow * 64)..<(blockRow * 64 + 64) {
                    for x in (blockColumn * 64)..<(blockColumn * 64 + 64) {
                        let index = y * width + x
                        if canny[index] { edgeCount += 1 }
                        lowest = min(lowest, gray[index])
                        highest = max(highest, gray[index])
                        if widths[index] != 0 { blockWidths.append(widths[index]) }
                    }
                }
                guard Double(edgeCount) > 64 * 64 * 0.002 else { continue }
                let justNoticeable = Int(highest - lowest) <= 50 ? 5.0 : 3.0
                for width in blockWidths {
                    let probability = 1 - exp(-pow(abs(Double(width) / justNoticeable), 3.6))
                    buckets[Int((probability * 100).rounded(.toNearestOrEven))] += 1
                    total += 1
                }
            }
        }
        guard total > 0 else { return numpyPairwiseSum(Array(buckets[..<64])) }
        return numpyPairwiseSum(buckets[..<64].map { $0 / Double(total) })
    }

    /// Edge pixels for the width measure: the squared response of the normalised horizontal
    /// Sobel kernel (true convolution, reflect borders), zeroed at or below twice the root of
    /// its mean, kept where it beats both horizontal or both vertical neighbours.
    static func thinnedVerticalEdges(_ gray: [Double], width: Int, height: Int) -> [Bool] {
        var strength = [Double](repeating: 0, count: gray.count)
        gray.withUnsafeBufferPointer { gray in
            for y in 0..<height {
                let up = max(y - 1, 0) * width, row = y * width, down = min(y + 1, height - 1) * width
                for x in 0..<width {
                    let left = max(x - 1, 0), right = min(x + 1, width - 1)
                    let response = (gray[up + right] - gray[up + left] + 2 * (gray[row + right] - gray[row + left])
                        + gray[down + right] - gray[down + left]) / 8
                    strength[row + x] = response * response
                }
            }
        }
        let threshold = 2 * (numpyPairwiseSum(strength) / Double(strength.count)).squareRoot()
        for index in strength.indices where strength[index] <= threshold { strength[index] = 0 }
        var edges = [Bool](repeating: false, count: gray.count)
        strength.withUnsafeBufferPointer { strength in
            for y in 0..<height {
                for x in 0..<width {
                    let index = y * width + x, value = strength[index]
                    guard value > 0 else { continue }
                    let left = x > 0 ? strength[index - 1] : 0, right = x < width - 1 ? strength[index + 1] : 0
                    let up = y > 0 ? strength[index - width] : 0, down = y < height - 1 ? strength[index + width] : 0
                    edges[index] = (value > left && value > right) || (value > up && value > down)
                }
            }
        }
        return edges
    }

    /// Marziliano edge widths (0 where no width is measured): for interior edge pixels whose
    /// `numpy.gradient` angle quantises to 0° or ±180°, the run of monotone intensity to the
    /// left plus the run to the right (each at most 101 pixels). When no pixel has a nonzero
    /// angle no width is measured, as in DFL.
    static func edgeWidths(_ gray: [Double], edges: [Bool], width: Int, height: Int) -> [Int] {
        var widths = [Int](repeating: 0, count: gray.count)
        guard width > 2 && height > 2 else { return widths }
        gray.withUnsafeBufferPointer { gray in
            let gradients = Gradients(gray: gray, width: width, height: height)
            guard gradients.anyNonzeroAngle() else { return }
            edges.withUnsafeBufferPointer { edges in
                widths.withUnsafeMutableBufferPointer { widths in
                    for y in 1..<(height - 1) {
                        for x in 1..<(width - 1) where edges[y * width + x] {
                            widths[y * width + x] = gradients.edgeWidth(x: x, y: y)
                        }
                    }
                }
            }
        }
        return widths
    }

    /// `numpy.gradient` of a gray image (central differences inside, one-sided at the ends)
    /// and the Marziliano width walk along a row.
    private struct Gradients {
        let gray: UnsafeBufferPointer<Double>
        let width: Int
        let height: Int

        func horizontal(_ x: Int, _ y: Int) -> Double {
            let index = y * width + x
            if x == 0 { return gray[index + 1] - gray[index] }
            if x == width - 1 { return gray[index] - gray[index - 1] }
            return (gray[index + 1] - gray[index - 1]) / 2
        }

        func vertical(_ x: Int, _ y: Int) -> Double {
            let index = y * width + x
            if y == 0 { return gray[index + width] - gray[index] }
            if y == height - 1 { return gray[index] - gray[index - width] }
            return (gray[index + width] - gray[index - width]) / 2
        }

        /// Whether any pixel's angle atan2(gy, gx) (taken as 0 where gx = 0) is nonzero.
        func anyNonzeroAngle() -> Bool {
            for y in 0..<height {
                for x in 0..<width {
                    let gx = horizontal(x, y)
                    if gx < 0 || (gx > 0 && vertical(x, y) != 0) { return true }
                }
            }
            return false
        }

        /// The width of the edge at (x, y), or 0 when its angle is not horizontal.
        func edgeWidth(x: Int, y: Int) -> Int {
            let gx = horizontal(x, y)
            let angle = gx != 0 ? atan2(vertical(x, y), gx) * (180 / Double.pi) : 0
            let quantized = 45 * (angle / 45).rounded(.toNearestOrEven)
            guard quantized == 0 || quantized == 180 || quantized == -180 else { return 0 }
            let rising = quantized == 0
            let row = y * width
            var left = 0
            for margin in 0...100 {
                let inner = x - 1 - margin, outer = x - 2 - margin
                left = margin + 1
                if outer < 0 { break }
                let step = gray[row + outer] - gray[row + inner]
                if rising ? step >= 0 : step <= 0 { break }
            }
            var right = 0
            for margin in 0...100 {
                let inner = x + 1 + margin, outer = x + 2 + margin
                right = margin + 1
                if outer >= width { break }
                let step = gray[row + outer] - gray[row + inner]
                if rising ? step <= 0 : step >= 0 { break }
            }
            return left + right
        }
    }
}
