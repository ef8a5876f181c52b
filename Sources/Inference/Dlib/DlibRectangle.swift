/// A box the way dlib stores one: whole-pixel left, top, right and bottom, right and bottom
/// inclusive. dlib's shape predictors map the box's corners (left, top) and (right, bottom) onto
/// the unit square of their mean shape.
public struct DlibRectangle: Sendable, Hashable {
    public var left: Int
    public var top: Int
    public var right: Int
    public var bottom: Int

    public init(left: Int, top: Int, right: Int, bottom: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    /// Maps a point of the unit square (the shape predictor's normalized space) into the frame:
    /// (0, 0) → (left, top), (1, 1) → (right, bottom); dlib's `unnormalizing_tform`.
    public func unnormalized(_ point: SIMD2<Float>) -> SIMD2<Double> {
        SIMD2((Double(right) - Double(left)) * Double(point.x) + Double(left),
              (Double(bottom) - Double(top)) * Double(point.y) + Double(top))
    }

    /// Whether no edge differs from `other`'s by more than one pixel (a box re-fitted from
    /// landmarks has settled: it only flips between neighbouring pixels).
    public func isWithinOnePixel(of other: DlibRectangle) -> Bool {
        abs(left - other.left) <= 1 && abs(top - other.top) <= 1 && abs(right - other.right) <= 1
            && abs(bottom - other.bottom) <= 1
    }
}
