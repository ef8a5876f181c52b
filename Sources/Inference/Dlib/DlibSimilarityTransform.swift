import FaceGeometry
/// A 2-D similarity transform p ↦ M·p + t (M = scale·rotation), fitted the way dlib's
/// `find_similarity_transform` does: Umeyama's least squares, in double precision.
public struct DlibSimilarityTransform: Sendable, Equatable {
    public var m00: Double, m01: Double, m10: Double, m11: Double
    public var tx: Double, ty: Double

    /// The similarity that best maps `source[i]` onto `target[i]` (equal counts ≥ 2).
    ///
    /// In 2-D Umeyama's SVD has a closed form: with Σ the cross-covariance of the centred target
    /// and source points, the best proper rotation has angle atan2(Σ₁₀ − Σ₀₁, Σ₀₀ + Σ₁₁) and the
    /// scale is √((Σ₀₀ + Σ₁₁)² + (Σ₁₀ − Σ₀₁)²) / σ²(source), the value dlib's SVD gives.
    public init(mapping source: [SIMD2<Double>], onto target: [SIMD2<Double>]) {
        precondition(source.count == target.count && source.count >= 2, "similarity fit needs two or more point pairs")
        let count = Double(source.count)
        var meanSource = SIMD2<Double>.zero
        var meanTarget = SIMD2<Double>.zero
        for index in source.indices {
            meanSource += source[index]
            meanTarget += target[index]
        }
        meanSource /= count
        meanTarget /= count
        var sourceVariance = 0.0
        var c00 = 0.0, c01 = 0.0, c10 = 0.0, c11 = 0.0
        for index in source.indices {
            let s = source[index] - meanSource
            let t = target[index] - meanTarget
            sourceVariance += s.x * s.x + s.y * s.y
            c00 += t.x * s.x
            c01 += t.x * s.y
            c10 += t.y * s.x
            c11 += t.y * s.y
        }
        sourceVariance /= count
        let cosine = (c00 + c11) / count
        let sine = (c10 - c01) / count
        let norm = (cosine * cosine + sine * sine).squareRoot()
        let scale = sourceVariance != 0 ? norm / sourceVariance : 1
        let (cosAngle, sinAngle) = norm > 0 ? (cosine / norm, sine / norm) : (1.0, 0.0)
        m00 = scale * cosAngle
        m01 = -scale * sinAngle
        m10 = scale * sinAngle
        m11 = scale * cosAngle
        tx = meanTarget.x - (m00 * meanSource.x + m01 * meanSource.y)
        ty = meanTarget.y - (m10 * meanSource.x + m11 * meanSource.y)
    }

    /// M·p + t.
    public func apply(_ point: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(m00 * point.x + m01 * point.y + tx, m10 * point.x + m11 * point.y + ty)
    }
}
