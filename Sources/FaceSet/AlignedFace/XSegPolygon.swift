/// One XSeg label polygon (`seg_ie_polys`): included or excluded area, in the aligned JPEG's pixels.
public struct XSegPolygon: Hashable, Sendable {
    /// DFL's `SegIEPolyType`.
    public enum Kind: Int, Hashable, Sendable {
        case exclude = 0
        case include = 1
    }

    public var kind: Kind
    /// The vertices, as DFL stores them (float32 x, y).
    public var points: [SIMD2<Float>]

    public init(kind: Kind, points: [SIMD2<Float>]) {
        self.kind = kind
        self.points = points
    }

    /// `polygons` in the order DFL rasterizes them: every include polygon, then every exclude
    /// polygon, each group in its original order (`SegIEPolys.sort`).
    public static func includeFirst(_ polygons: [XSegPolygon]) -> [XSegPolygon] {
        polygons.filter { $0.kind == .include } + polygons.filter { $0.kind == .exclude }
    }
}
