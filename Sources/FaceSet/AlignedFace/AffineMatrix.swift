/// A 2×3 affine matrix, like DFL's `image_to_face_mat` (frame pixels → aligned face pixels).
public struct AffineMatrix: Hashable, Sendable {
    public var firstRow: SIMD3<Double>
    public var secondRow: SIMD3<Double>

    public init(firstRow: SIMD3<Double>, secondRow: SIMD3<Double>) {
        self.firstRow = firstRow
        self.secondRow = secondRow
    }

    /// The six entries in row-major order.
    public var entries: [Double] {
        [firstRow.x, firstRow.y, firstRow.z, secondRow.x, secondRow.y, secondRow.z]
    }

    /// The matrix applied to a point.
    public func apply(to point: SIMD2<Double>) -> SIMD2<Double> {
        let homogeneous = SIMD3(point.x, point.y, 1)
        return SIMD2((firstRow * homogeneous).sum(), (secondRow * homogeneous).sum())
    }
}
