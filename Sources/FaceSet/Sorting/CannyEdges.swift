import Foundation

/// scikit-image's `feature.canny(image)` with its defaults (σ = 1, thresholds 0.1 / 0.2,
/// constant-zero borders with bleed-over correction, bilinear non-maximum suppression,
/// 8-connected hysteresis), as DFL's CPBD sharpness calls it on a float64 gray image in
/// 0…255. Each step repeats scipy's arithmetic order so the edge map matches.
enum CannyEdges {
    /// The edge map of a `width` x `height` image given row by row.
    static func edges(of image: [Double], width: Int, height: Int) -> [Bool] {
        let bleedOver = bleedOverCache.bleedOver(width: width, height: height)
        var smoothed = gaussian(image, width: width, height: height)
        smoothed.withUnsafeMutableBufferPointer { smoothed in
            bleedOver.withUnsafeBufferPointer { bleedOver in
                for index in 0..<smoothed.count { smoothed[index] /= bleedOver[index] + Double.ulpOfOne }
            }
        }
        let acrossRows = sobel(smoothed, width: width, height: height, derivativeAlongRows: true)
        let acrossColumns = sobel(smoothed, width: width, height: height, derivativeAlongRows: false)
        var magnitude = [Double](repeating: 0, count: image.count)
        magnitude.withUnsafeMutableBufferPointer { magnitude in
            acrossRows.withUnsafeBufferPointer { acrossRows in
                acrossColumns.withUnsafeBufferPointer { acrossColumns in
                    for index in 0..<magnitude.count {
                        let i = acrossRows[index], j = acrossColumns[index]
                        magnitude[index] = (i * i + j * j).squareRoot()
                    }
                }
            }
        }
        let suppressed = suppressNonMaxima(rowGradient: acrossRows, columnGradient: acrossColumns,
                                           magnitude: magnitude, width: width, height: height,
                                           lowThreshold: Double(Float(0.1)))
        return hysteresis(suppressed, width: width, height: height, highThreshold: 0.2)
    }

    /// The Gaussian of an all-ones image of each size met so far (scikit-image divides by it to
    /// undo the zero border's pull).
    private static let bleedOverCache = BleedOverCache()

    private final class BleedOverCache: @unchecked Sendable {
        private let lock = NSLock()
        private var bySize: [SIMD2<Int>: [Double]] = [:]

        func bleedOver(width: Int, height: Int) -> [Double] {
            let size = SIMD2(width, height)
            if let cached = lock.withLock({ bySize[size] }) { return cached }
            let computed = gaussian([Double](repeating: 1, count: width * height), width: width, height: height)
            lock.withLock { bySize[size] = computed }
            return computed
        }
    }

    /// scipy's `_gaussian_kernel1d(1, 0, 4)`: exp(−x²/2) for x in −4…4, divided by its sum.
    static let gaussianWeights: [Double] = {
        let raw = (-4...4).map { exp(-0.5 / 1.0 * Double($0 * $0)) }
        let sum = numpyPairwiseSum(raw)
        return raw.map { $0 / sum }
    }()

    /// `scipy.ndimage.gaussian_filter(image, 1, mode='constant')`: along the rows' axis
    /// (vertical) first, then along each row; each output is centre·w₄ plus the symmetric
    /// pairs from the outermost in (w₀ … w₃), as scipy's `correlate1d` sums them. Values
    /// beyond the image are 0.
    static func gaussian(_ image: [Double], width: Int, height: Int) -> [Double] {
        let w = gaussianWeights
        var vertical = [Double](repeating: 0, count: image.count)
        let zeros = [Double](repeating: 0, count: width)
        image.withUnsafeBufferPointer { image in
            zeros.withUnsafeBufferPointer { zeros in
                vertical.withUnsafeMutableBufferPointer { vertical in
                    let row = { (y: Int) in y >= 0 && y < height ? image.baseAddress! + y * width : zeros.baseAddress! }
                    for y in 0..<height {
                        let (c, m4, p4, m3, p3) = (row(y), row(y - 4), row(y + 4), row(y - 3), row(y + 3))
                        let (m2, p2, m1, p1) = (row(y - 2), row(y + 2), row(y - 1), row(y + 1))
                        let out = vertical.baseAddress! + y * width
                        for x in 0..<width {
                            var sum = c[x] * w[4]
                            sum += (m4[x] + p4[x]) * w[0]
                            sum += (m3[x] + p3[x]) * w[1]
                            sum += (m2[x] + p2[x]) * w[2]
                            sum += (m1[x] + p1[x]) * w[3]
                            out[x] = sum
                        }
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: image.count)
        var padded = [Double](repeating: 0, count: width + 8)
        vertical.withUnsafeBufferPointer { vertical in
            result.withUnsafeMutableBufferPointer { result in
                padded.withUnsafeMutableBufferPointer { line in
                    for y in 0..<height {
                        let first = y * width
                        for x in 0..<width { line[x + 4] = vertical[first + x] }
                        for x in 0..<width {
                            let c = x + 4
                            var sum = line[c] * w[4]
                            sum += (line[c - 4] + line[c + 4]) * w[0]
                            sum += (line[c - 3] + line[c + 3]) * w[1]
                            sum += (line[c - 2] + line[c + 2]) * w[2]
                            sum += (line[c - 1] + line[c + 1]) * w[3]
                            result[first + x] = sum
                        }
                    }
                }
            }
        }
        return result
    }

    /// `scipy.ndimage.sobel` with reflect borders (d c b a | a b c d): the [−1, 0, 1]
    /// derivative along one axis (`derivativeAlongRows`: axis 0, vertical) then the [1, 2, 1]
    /// smoothing along the other, each as scipy's `correlate1d` computes it: centre·0 +
    /// (before − after)·−1 and centre·2 + (before + after)·1.
    static func sobel(_ image: [Double], width: Int, height: Int, derivativeAlongRows: Bool) -> [Double] {
        let first = derivativeAlongRows
            ? alongColumns(image, width: width, height: height, smoothing: false)
            : alongRows(image, width: width, height: height, smoothing: false)
        return derivativeAlongRows
            ? alongRows(first, width: width, height: height, smoothing: true)
            : alongColumns(first, width: width, height: height, smoothing: true)
    }

    /// The 3-tap filter between each row and the rows above and below it.
    private static func alongColumns(_ input: [Double], width: Int, height: Int, smoothing: Bool) -> [Double] {
        var output = [Double](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                for y in 0..<height {
                    let before = input.baseAddress! + max(y - 1, 0) * width
                    let centre = input.baseAddress! + y * width
                    let after = input.baseAddress! + min(y + 1, height - 1) * width
                    let out = output.baseAddress! + y * width
                    if smoothing {
                        for x in 0..<width { out[x] = centre[x] * 2 + (before[x] + after[x]) * 1 }
                    } else {
                        for x in 0..<width { out[x] = centre[x] * 0 + (before[x] - after[x]) * -1 }
                    }
                }
            }
        }
        return output
    }

    /// The 3-tap filter along each row.
    private static func alongRows(_ input: [Double], width: Int, height: Int, smoothing: Bool) -> [Double] {
        var output = [Double](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                for y in 0..<height {
                    let line = input.baseAddress! + y * width, out = output.baseAddress! + y * width
                    for x in 0..<width {
                        let before = line[max(x - 1, 0)], centre = line[x], after = line[min(x + 1, width - 1)]
                        out[x] = smoothing ? centre * 2 + (before + after) * 1 : centre * 0 + (before - after) * -1
                    }
                }
            }
        }
        return output
    }

    /// scikit-image's `_nonmaximum_suppression_bilinear` over the interior (the border is
    /// masked out): keeps a magnitude ≥ `lowThreshold` that is not below its two neighbours
    /// interpolated along the gradient.
    static func suppressNonMaxima(rowGradient: [Double], columnGradient: [Double], magnitude: [Double],
                                  width: Int, height: Int, lowThreshold: Double) -> [Double] {
        var output = [Double](repeating: 0, count: magnitude.count)
        guard width > 2 && height > 2 else { return output }
        rowGradient.withUnsafeBufferPointer { rowGradient in
            columnGradient.withUnsafeBufferPointer { columnGradient in
                magnitude.withUnsafeBufferPointer { magnitude in
                    output.withUnsafeMutableBufferPointer { output in
                        for x in 1..<(height - 1) {
                            for y in 1..<(width - 1) {
                                let index = x * width + y
                                let m = magnitude[index]
                                guard m >= lowThreshold else { continue }
                                let isobel = rowGradient[index], jsobel = columnGradient[index]
                                let isDown = isobel <= 0, isLeft = jsobel <= 0
                                let absI = abs(isobel), absJ = abs(jsobel)
                                let w: Double
                                let n11, n12, n21, n22: Int
                                if (!isDown && !isLeft) || (isDown && isLeft) {
                                    if absI > absJ {
                                        w = absJ / absI
                                        (n11, n12, n21, n22) = (index + width, index + width + 1, index - width,
                                                                index - width - 1)
                                    } else {
                                        w = absI / absJ
                                        (n11, n12, n21, n22) = (index + 1, index + width + 1, index - 1,
                                                                index - width - 1)
                                    }
                                } else {
                                    if absI < absJ {
                                        w = absI / absJ
                                        (n11, n12, n21, n22) = (index + 1, index - width + 1, index - 1,
                                                                index + width - 1)
                                    } else {
                                        w = absJ / absI
                                        (n11, n12, n21, n22) = (index - width, index - width + 1, index + width,
                                                                index + width - 1)
                                    }
                                }
                                if magnitude[n12] * w + magnitude[n11] * (1.0 - w) <= m
                                    && magnitude[n22] * w + magnitude[n21] * (1.0 - w) <= m {
                                    output[index] = m
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Keeps the 8-connected groups of nonzero `suppressed` values that hold at least one
    /// value ≥ `highThreshold`.
    static func hysteresis(_ suppressed: [Double], width: Int, height: Int, highThreshold: Double) -> [Bool] {
        var edges = [Bool](repeating: false, count: suppressed.count)
        suppressed.withUnsafeBufferPointer { suppressed in
            edges.withUnsafeMutableBufferPointer { edges in
                var pending: [Int] = []
                for index in 0..<suppressed.count where suppressed[index] >= highThreshold {
                    edges[index] = true
                    pending.append(index)
                }
                while let index = pending.popLast() {
                    let y = index / width, x = index % width
                    for ny in max(y - 1, 0)...min(y + 1, height - 1) {
                        for nx in max(x - 1, 0)...min(x + 1, width - 1) {
                            let neighbour = ny * width + nx
                            if !edges[neighbour] && suppressed[neighbour] > 0 {
                                edges[neighbour] = true
                                pending.append(neighbour)
                            }
                        }
                    }
                }
            }
        }
        return edges
    }
}
