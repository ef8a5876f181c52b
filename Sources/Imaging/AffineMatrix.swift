/// A 2x3 affine matrix mapping (x, y) to (m00·x + m01·y + m02, m10·x + m11·y + m12), in
/// pixels — the matrices DFL stores for face alignment and passes to `cv2.warpAffine`.
public struct AffineMatrix: Sendable, Hashable {
    public var m00, m01, m02: Double
    public var m10, m11, m12: Double

    public init(m00: Double, m01: Double, m02: Double, m10: Double, m11: Double, m12: Double) {
        (self.m00, self.m01, self.m02) = (m00, m01, m02)
        (self.m10, self.m11, self.m12) = (m10, m11, m12)
    }

    /// The matrix from its six elements, row by row.
    public init(elements: [Double]) {
        precondition(elements.count == 6, "AffineMatrix: \(elements.count) elements; a 2x3 matrix has 6")
        self.init(m00: elements[0], m01: elements[1], m02: elements[2],
                  m10: elements[3], m11: elements[4], m12: elements[5])
    }

    /// The six elements, row by row.
    public var elements: [Double] { [m00, m01, m02, m10, m11, m12] }

    /// The transform that maps every point to itself.
    public static let identity = AffineMatrix(m00: 1, m01: 0, m02: 0, m10: 0, m11: 1, m12: 0)

    /// The inverse transform, computed as `cv2.invertAffineTransform` does; a singular matrix
    /// gives all zeros there and here.
    public func inverted() -> AffineMatrix {
        let determinant = m00 * m11 - m01 * m10
        let scale = determinant != 0 ? 1 / determinant : 0
        let a00 = m11 * scale, a01 = -m01 * scale
        let a10 = -m10 * scale, a11 = m00 * scale
        return AffineMatrix(m00: a00, m01: a01, m02: -a00 * m02 - a01 * m12,
                               m10: a10, m11: a11, m12: -a10 * m02 - a11 * m12)
    }

    /// The image of `point`.
    public func apply(to point: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(m00 * point.x + m01 * point.y + m02, m10 * point.x + m11 * point.y + m12)
    }

    /// The images of `points` (like `cv2.transform`), computed in double precision.
    public func apply(to points: [SIMD2<Float>]) -> [SIMD2<Float>] {
        points.map { SIMD2<Float>(apply(to: SIMD2<Double>($0))) }
    }
}
