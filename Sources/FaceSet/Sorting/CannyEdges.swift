import Foundation

/// scikit-image's `feature.canny(image)` with its defaults (σ = 1, thresholds 0.1 / 0.2,
/// constant-zero borders with bleed-over correction, bilinear non-maximum suppression,
/// 8-connected hysteresis), as DFL's CPBD sharpness calls it on a float64 gray image in
/// 0…255. Each step repeats scipy's arithmetic order so the edge map matches.
enum CannyEdges {
    /// The edge map of a `width` x `height` image given row by row.
    static func edges(of image: [Double], width: Int, height: Int) -> [Bool] {
        let ones = [Double](repeating: 1, count: image.count)
        let bleedOver = gaussian(ones, width: width, height: height).map { $0 + Double.ulpOfOne }
        var smoothed = gaussian(image, width: width, height: height)
        for index in smoothed.indices { smoothed[index] /= bleedOver[index] }

        let acrossRows = sobel(smoothed, width: width, height: height, derivativeAlongRows: true)
        let acrossColumns = sobel(smoothed, width: width, height: height, derivativeAlongRows: false)
        var magnitude = [Double](repeating: 0, count: image.count)
        for index in magnitude.indices {
            let i = acrossRows[index], j = acrossColumns[index]
            magnitude[index] = (i * i + j * j).squareRoot()
        }
        let suppressed = suppressNonMaxima(rowGradient: acrossRows, columnGradient: acrossColumns,
                                           magnitude: magnitude, width: width, height: height,
                                           lowThreshold: Double(Float(0.1)))
        return hysteresis(suppressed, width: width, height: height, highThreshold: 0.2)
    }

    /// scipy's `_gaussian_kernel1d(1, 0, 4)`: exp(−x²/2) for x in −4…4, divided by its sum.
    static let gaussianWeights: [Double] = {
        let raw = (-4...4).map { exp(-0.5 / 1.0 * Double($0 * $0)) }
        let sum = numpyPairwiseSum(raw)
        return raw.map { $0 / sum }
    }()

    /// `scipy.ndimage.gaussian_filter(image, 1, mode='constant')`: along the rows' axis
    /// (vertical) first, then along each row.
    static func gaussian(_ image: [Double], width: Int, height: Int) -> [Double] {
        let weights = gaussianWeights
        var vertical = [Double](repeating: 0, count: image.count)
        for y in 0..<height {
            for x in 0..<width {
                let at = { (row: Int) in row >= 0 && row < height ? image[row * width + x] : 0 }
                var sum = at(y) * weights[4]
                for offset in (1...4).reversed() { sum += (at(y - offset) + at(y + offset)) * weights[4 - offset] }
                vertical[y * width + x] = sum
            }
        }
        var result = [Double](repeating: 0, count: image.count)
        for y in 0..<height {
            let row = y * width
            for x in 0..<width {
                let at = { (column: Int) in column >= 0 && column < width ? vertical[row + column] : 0 }
                var sum = at(x) * weights[4]
                for offset in (1...4).reversed() { sum += (at(x - offset) + at(x + offset)) * weights[4 - offset] }
                result[row + x] = sum
            }
        }
        return result
    }

    /// `scipy.ndimage.sobel` with reflect borders: the [−1, 0, 1] derivative along one axis
    /// (`derivativeAlongRows`: axis 0, vertical) then [1, 2, 1] smoothing along the other.
    static func sobel(_ image: [Double], width: Int, height: Int, derivativeAlongRows: Bool) -> [Double] {
        func reflect(_ index: Int, _ count: Int) -> Int {
            index < 0 ? -index - 1 : (index >= count ? 2 * count - index - 1 : index)
        }
        var first = [Double](repeating: 0, count: image.count)
        var second = [Double](repeating: 0, count: image.count)
        for y in 0..<height {
            for x in 0..<width {
                let before, centre, after: Double
                if derivativeAlongRows {
                    (before, centre, after) = (image[reflect(y - 1, height) * width + x], image[y * width + x],
                                               image[reflect(y + 1, height) * width + x])
                } else {
                    (before, centre, after) = (image[y * width + reflect(x - 1, width)], image[y * width + x],
                                               image[y * width + reflect(x + 1, width)])
                }
                first[y * width + x] = centre * 0 + (before - after) * -1
            }
        }
        for y in 0..<height {
            for x in 0..<width {
                let before, centre, after: Double
                if derivativeAlongRows {
                    (before, centre, after) = (first[y * width + reflect(x - 1, width)], first[y * width + x],
                                               first[y * width + reflect(x + 1, width)])
                } else {
                    (before, centre, after) = (first[reflect(y - 1, height) * width + x], first[y * width + x],
                                               first[reflect(y + 1, height) * width + x])
                }
                second[y * width + x] = centre * 2 + (before + after) * 1
            }
        }
        return second
    }

    /// scikit-image's `_nonmaximum_suppression_bilinear` over the interior (the border is
    /// masked out): keeps a magnitude ≥ `lowThreshold` that is not below its two neighbours
    /// interpolated along the gradient.
    static func suppressNonMaxima(rowGradient: [Double], columnGradient: [Double], magnitude: [Double],
                                  width: Int, height: Int, lowThreshold: Double) -> [Double] {
        var output = [Double](repeating: 0, count: magnitude.count)
        guard width > 2 && height > 2 else { return output }
        for x in 1..<(height - 1) {
            for y in 1..<(width - 1) {
                let index = x * width + y
                let m = magnitude[index]
                guard m >= lowThreshold else { continue }
                let isobel = rowGradient[index], jsobel = columnGradient[index]
                let isDown = isobel <= 0, isUp = !isDown
                let isLeft = jsobel <= 0, isRight = !isLeft
                let magnitudeAt = { (row: Int, column: Int) in magnitude[row * width + column] }
                let absI = abs(isobel), absJ = abs(jsobel)
                let w: Double
                let n11, n12, n21, n22: Double
                if (isUp && isRight) || (isDown && isLeft) {
                    if absI > absJ {
                        w = absJ / absI
                        (n11, n12, n21, n22) = (magnitudeAt(x + 1, y), magnitudeAt(x + 1, y + 1),
                                                magnitudeAt(x - 1, y), magnitudeAt(x - 1, y - 1))
                    } else {
                        w = absI / absJ
                        (n11, n12, n21, n22) = (magnitudeAt(x, y + 1), magnitudeAt(x + 1, y + 1),
                                                magnitudeAt(x, y - 1), magnitudeAt(x - 1, y - 1))
                    }
                } else {
                    if absI < absJ {
                        w = absI / absJ
                        (n11, n12, n21, n22) = (magnitudeAt(x, y + 1), magnitudeAt(x - 1, y + 1),
                                                magnitudeAt(x, y - 1), magnitudeAt(x + 1, y - 1))
                    } else {
                        w = absJ / absI
                        (n11, n12, n21, n22) = (magnitudeAt(x - 1, y), magnitudeAt(x - 1, y + 1),
                                                magnitudeAt(x + 1, y), magnitudeAt(x + 1, y - 1))
                    }
                }
                if n12 * w + n11 * (1.0 - w) <= m && n22 * w + n21 * (1.0 - w) <= m {
                    output[index] = m
                }
            }
        }
        return output
    }

    /// Keeps the 8-connected groups of nonzero `suppressed` values that hold at least one
    /// value ≥ `highThreshold`.
    static func hysteresis(_ suppressed: [Double], width: Int, height: Int, highThreshold: Double) -> [Bool] {
        var edges = [Bool](repeating: false, count: suppressed.count)
        var pending: [Int] = []
        for index in suppressed.indices where suppressed[index] >= highThreshold {
            edges[index] = true
            pending.append(index)
        }
        while let index = pending.popLast() {
            let y = index / width, x = index % width
            for dy in -1...1 {
                for dx in -1...1 {
                    let ny = y + dy, nx = x + dx
                    guard ny >= 0, ny < height, nx >= 0, nx < width else { continue }
                    let neighbour = ny * width + nx
                    if !edges[neighbour] && suppressed[neighbour] > 0 {
                        edges[neighbour] = true
                        pending.append(neighbour)
                    }
                }
            }
        }
        return edges
    }
}
