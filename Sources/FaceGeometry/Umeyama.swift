import Foundation

/// Umeyama's least-squares similarity transform (rotation, uniform scale, translation; 1991),
/// as DFL's `core/mathlib/umeyama.py` computes it in double precision.
public enum Umeyama {
    /// The 3×3 matrix (row-major, last row 0 0 1) mapping `source` onto `destination`.
    /// Degenerate input (all points equal) gives NaNs, like DFL.
    public static func estimate(from source: [SIMD2<Double>], to destination: [SIMD2<Double>],
                                estimateScale: Bool = true) -> [[Double]] {
        precondition(source.count == destination.count && !source.isEmpty, "Umeyama needs matching non-empty point sets")
        let n = Double(source.count)
        let srcMean = source.reduce(.zero, +) / n
        let dstMean = destination.reduce(.zero, +) / n
        let src = source.map { $0 - srcMean }
        let dst = destination.map { $0 - dstMean }
        // A = dstᵀ · src / n
        var a = [[0.0, 0.0], [0.0, 0.0]]
        for (s, d) in zip(src, dst) {
            a[0][0] += d.x * s.x; a[0][1] += d.x * s.y
            a[1][0] += d.y * s.x; a[1][1] += d.y * s.y
        }
        a = a.map { $0.map { $0 / n } }
        var d = [1.0, 1.0]
        if determinant(a) < 0 { d[1] = -1 }
        let (u, singular, v) = svd2(a)
        let tolerance = singular.max()! * 2 * Double.ulpOfOne
        let rank = singular.filter { $0 > tolerance }.count
        let nan = Double.nan
        if rank == 0 { return [[nan, nan, nan], [nan, nan, nan], [nan, nan, nan]] }
        var rotation: [[Double]]
        if rank == 1 {
            if determinant(u) * determinant(v) > 0 {
                rotation = multiply(u, v)
            } else {
                rotation = multiply(multiply(u, [[1, 0], [0, -1]]), v)
            }
        } else {
            rotation = multiply(multiply(u, [[d[0], 0], [0, d[1]]]), v)
        }
        var scale = 1.0
        if estimateScale {
            let variance = src.reduce(0.0) { $0 + $1.x * $1.x } / n + src.reduce(0.0) { $0 + $1.y * $1.y } / n
            scale = (singular[0] * d[0] + singular[1] * d[1]) / variance
        }
        let tx = dstMean.x - scale * (rotation[0][0] * srcMean.x + rotation[0][1] * srcMean.y)
        let ty = dstMean.y - scale * (rotation[1][0] * srcMean.x + rotation[1][1] * srcMean.y)
        rotation = rotation.map { $0.map { $0 * scale } }
        return [[rotation[0][0], rotation[0][1], tx], [rotation[1][0], rotation[1][1], ty], [0, 0, 1]]
    }

    public static func determinant(_ m: [[Double]]) -> Double { m[0][0] * m[1][1] - m[0][1] * m[1][0] }

    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        [[a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]],
         [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]]]
    }

    /// Singular value decomposition of a 2×2 matrix: `m = U · diag(S) · V` (V already transposed,
    /// as numpy returns it), S descending and non-negative.
    static func svd2(_ m: [[Double]]) -> (u: [[Double]], s: [Double], v: [[Double]]) {
        let (a, b, c, d) = (m[0][0], m[0][1], m[1][0], m[1][1])
        let e = (a + d) / 2, f = (a - d) / 2, g = (c + b) / 2, h = (c - b) / 2
        let q = (e * e + h * h).squareRoot(), r = (f * f + g * g).squareRoot()
        let s1 = q + r, s2 = abs(q - r)
        let a1 = atan2(g, f), a2 = atan2(h, e)
        let theta = (a2 - a1) / 2, phi = (a2 + a1) / 2
        // m = R(phi) · diag(s1, q − r) · R(theta); move the sign of the second value into V.
        let sign: Double = q - r < 0 ? -1 : 1
        let u = [[cos(phi), -sin(phi)], [sin(phi), cos(phi)]]
        let v = [[cos(theta), -sin(theta)], [sign * sin(theta), sign * cos(theta)]]
        return (u, [s1, s2], v)
    }
}
