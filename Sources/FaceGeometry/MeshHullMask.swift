import Imaging

/// The default mask that reaches the forehead (`DefaultFaceMask.mesh`): DFL's landmark hull
/// (`FaceHullMask`, reference §8.3) united with the convex hull of the 468-point face mesh,
/// whose upper vertices lie on the forehead, above the eyebrows where DFL's hull stops.
public enum MeshHullMask {
    /// A one-channel `uint8` mask of `width`×`height`, 1 inside. `landmarks`: the 68 points and
    /// `meshPoints`: the mesh's vertices (x, y), both in the image's pixels; `eyebrowsExpandMod`
    /// and `origin` as for `FaceHullMask`. Mesh points are truncated to integers like DFL's hull points.
    public static func mask(width: Int, height: Int, landmarks: [SIMD2<Float>], meshPoints: [SIMD2<Float>],
                            eyebrowsExpandMod: Double = 1, origin: SIMD2<Int> = .zero) -> Image {
        var mask = FaceHullMask.mask(width: width, height: height, landmarks: landmarks.map(SIMD2<Double>.init),
                                     eyebrowsExpandMod: eyebrowsExpandMod, origin: origin)
        let shift = SIMD2<Int32>(clamping: origin)
        let points = meshPoints.filter { $0.x.isFinite && $0.y.isFinite }.map {
            SIMD2<Int32>(Int32(max(min($0.x.rounded(.towardZero), 2e9), -2e9)), Int32(max(min($0.y.rounded(.towardZero), 2e9), -2e9))) &- shift
        }
        if points.count >= 3 { mask.fillConvexPolygon(convexHull(points), color: 1) }
        return mask
    }
}
