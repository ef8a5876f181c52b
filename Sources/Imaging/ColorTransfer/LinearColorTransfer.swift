/// DFL's `lct`: the linear map that gives the target the source's colour mean and covariance,
/// through the symmetric square roots of the covariances (`core/imagelib/color_transfer.py`,
/// `linear_color_transfer`, mode `pca`).
enum LinearColorTransfer {
    /// Added to each covariance's diagonal (DFL's `eps`).
    static let epsilon = 1e-5

    /// Interleaved `target` pixels (3 channels, or 1 for mix-m's lightness) recoloured towards
    /// `source`'s: per channel means μ, covariances `C = XᵀX/N + eps·I` (N pixels),
    /// `Q = V·sqrt(Λ)·Vᵀ`, `Qs·Qt⁻¹·(t − μt) + μs` clipped to 0…1.
    static func transfer(_ target: [Float], toward source: [Float], channels: Int) -> [Float] {
        precondition(channels == 1 || channels == 3, "LinearColorTransfer: \(channels) channels; use 1 or 3")
        var result = [Float](repeating: 0, count: target.count)
        if channels == 1 {
            let targetMean = mean(target), sourceMean = mean(source)
            let targetRoot = (variance(target, mean: targetMean) + epsilon).squareRoot()
            let sourceRoot = (variance(source, mean: sourceMean) + epsilon).squareRoot()
            let scale = sourceRoot * (1 / targetRoot)
            for index in target.indices {
                result[index] = clippedToUnit(scale * (Double(target[index]) - targetMean) + sourceMean)
            }
            return result
        }
        let targetStatistics = ColorStatistics(interleaved: target)
        let sourceStatistics = ColorStatistics(interleaved: source)
        let regulariser = Matrix3.diagonal(SIMD3(repeating: epsilon))
        let targetRoot = symmetricSquareRoot(targetStatistics.covariance(correction: 0) + regulariser)
        let sourceRoot = symmetricSquareRoot(sourceStatistics.covariance(correction: 0) + regulariser)
        let map = sourceRoot * targetRoot.inverse
        for pixel in 0..<targetStatistics.count {
            let moved = map * (ColorStatistics.color(target, pixel) - targetStatistics.mean) + sourceStatistics.mean
            for channel in 0..<3 {
                result[pixel * 3 + channel] = clippedToUnit(moved[channel])
            }
        }
        return result
    }

    private static func clippedToUnit(_ value: Double) -> Float {
        Float(min(max(value, 0), 1))
    }

    private static func mean(_ values: [Float]) -> Double {
        values.reduce(0) { $0 + Double($1) } / Double(values.count)
    }

    private static func variance(_ pixels: [Float], mean: Double) -> Double {
        pixels.reduce(0) { sum, value in sum + (Double(value) - mean) * (Double(value) - mean) } / Double(pixels.count)
    }

    /// `V·sqrt(Λ)·Vᵀ` of a symmetric positive-definite matrix (DFL takes it from `np.linalg.eigh`).
    private static func symmetricSquareRoot(_ matrix: Matrix3) -> Matrix3 {
        let (values, vectors) = matrix.symmetricEigen
        return vectors * Matrix3.diagonal(values.squareRoot()) * vectors.transposed
    }
}
