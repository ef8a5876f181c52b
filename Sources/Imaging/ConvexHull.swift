import CVision

/// The indices into `points` of their convex hull's vertices, in hull order starting at the
/// same vertex `cv2.convexHull(points, clockwise, returnPoints=False)` starts at. `clockwise`
/// is in image coordinates (y down). Empty for no points.
public func convexHullIndices(_ points: [SIMD2<Float>], clockwise: Bool = false) -> [Int] {
    guard !points.isEmpty else { return [] }
    var indices = [Int32](repeating: 0, count: points.count)
    var count: Int32 = 0
    let status = points.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: Float.self) { coordinates in
            cv_convex_hull(coordinates.baseAddress, Int32(points.count), clockwise ? 1 : 0, &indices, &count)
        }
    }
    checkCVision(status, "convexHullIndices")
    return indices.prefix(Int(count)).map(Int.init)
}

/// The vertices of the convex hull of `points`, in hull order (`cv2.convexHull`).
public func convexHull(_ points: [SIMD2<Float>], clockwise: Bool = false) -> [SIMD2<Float>] {
    convexHullIndices(points, clockwise: clockwise).map { points[$0] }
}

/// The vertices of the convex hull of integer `points`, in hull order (`cv2.convexHull`), as
/// DFL computes landmark hulls for masks.
public func convexHull(_ points: [SIMD2<Int32>], clockwise: Bool = false) -> [SIMD2<Int32>] {
    convexHullIndices(points.map { SIMD2<Float>($0) }, clockwise: clockwise).map { points[$0] }
}
