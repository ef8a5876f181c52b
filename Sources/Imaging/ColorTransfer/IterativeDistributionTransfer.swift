/// DFL's `idt` (and `idt-m` on masked images): Pitié's iterative distribution transfer, matching
/// the 1-D histograms of the colours projected on random rotated axes
/// (`core/imagelib/color_transfer.py`, `color_transfer_idt`).
enum IterativeDistributionTransfer {
    /// Random rotations, one per iteration (DFL's `n_rot`).
    static let iterations = 20
    /// Histogram bins per projected axis.
    static let bins = 256

    /// Interleaved 3-channel `image` pixels moved towards `reference`'s (any pixel count) with
    /// the given float32 rotations (nine entries each, row by row), one per iteration, relaxation
    /// 1/count; clipped to 0…1. Each: project both pixel sets on the rotated axes; per axis
    /// 256-bin histograms over the joint [lo, hi], float32 CDFs normalised by their last value,
    /// `f = interp(cdf_image, cdf_reference, edges[1:])`, `matched = interp(projection, edges[1:],
    /// f, left = 0, right = 256)` (DFL's quirk: projections below the first bin's upper edge map
    /// to 0); the image moves by `relaxation · R⁻¹·(matched − projection)`. Arithmetic follows
    /// DFL's float32 steps, the projection as OpenBLAS's fused multiply-adds.
    static func transfer(_ image: [Float], toward reference: [Float], rotations: [[Float]]) -> [Float] {
        precondition(rotations.allSatisfy { $0.count == 9 }, "IterativeDistributionTransfer: rotations need nine entries")
        let relaxation = Float(1 / Double(rotations.count))
        var current = planes(image)
        let target = planes(reference)
        let pixelCount = image.count / 3
        for rotation in rotations {
            let projected = project(current, rotation)
            let targetProjected = project(target, rotation)
            let moves = (0..<3).map { axis in
                let matched = matchedProjection(projected[axis], toward: targetProjected[axis])
                return zip(matched, projected[axis]).map { $0 - $1 }
            }
            let matrix = Matrix3(rotation.map(Double.init))
            for pixel in 0..<pixelCount {
                let step = matrix.solve(SIMD3(Double(moves[0][pixel]), Double(moves[1][pixel]), Double(moves[2][pixel])))
                for channel in 0..<3 {
                    current[channel][pixel] = relaxation * Float(step[channel]) + current[channel][pixel]
                }
            }
        }
        var result = [Float](repeating: 0, count: image.count)
        for pixel in 0..<pixelCount {
            for channel in 0..<3 {
                result[pixel * 3 + channel] = min(max(current[channel][pixel], 0), 1)
            }
        }
        return result
    }

    /// Interleaved 3-channel pixels as three channel planes (DFL's `i0.reshape(h·w, c).T`).
    private static func planes(_ pixels: [Float]) -> [[Float]] {
        (0..<3).map { channel in stride(from: channel, to: pixels.count, by: 3).map { pixels[$0] } }
    }

    /// `rotation · planes` in float32, each entry `fma(r2, x2, fma(r1, x1, r0·x0))` as OpenBLAS's
    /// sgemm kernel computes `np.dot` on this machine class.
    private static func project(_ planes: [[Float]], _ rotation: [Float]) -> [[Float]] {
        (0..<3).map { row in
            let r0 = rotation[row * 3], r1 = rotation[row * 3 + 1], r2 = rotation[row * 3 + 2]
            return (0..<planes[0].count).map { pixel in
                (r0 * planes[0][pixel]).addingProduct(r1, planes[1][pixel]).addingProduct(r2, planes[2][pixel])
            }
        }
    }

    /// The projection's values mapped through the histogram match towards `target`, in float32.
    private static func matchedProjection(_ values: [Float], toward target: [Float]) -> [Float] {
        var low = min(values.min()!, target.min()!)
        var high = max(values.max()!, target.max()!)
        if low == high {
            low -= 0.5
            high += 0.5
        }
        let edges = binEdges(low: low, high: high)
        let upperEdges = edges.dropFirst().map(Double.init)
        let valueCDF = cumulativeDistribution(values, edges: edges)
        let targetCDF = cumulativeDistribution(target, edges: edges)
        let inverseTarget = PiecewiseLinearInterpolation(xs: targetCDF.map(Double.init), ys: upperEdges)
        let mapping = valueCDF.map { inverseTarget(Double($0)) }
        let match = PiecewiseLinearInterpolation(xs: upperEdges, ys: mapping, left: 0, right: Double(bins))
        return values.map { Float(match(Double($0))) }
    }

    /// `np.histogram`'s float32 edges of `bins` equal bins over [low, high]: `i·step + low` with
    /// `step = (high − low)/bins`, the last edge exactly `high`.
    private static func binEdges(low: Float, high: Float) -> [Float] {
        let step = (high - low) / Float(bins)
        var edges = (0...bins).map { Float($0) * step + low }
        edges[bins] = high
        return edges
    }

    /// The float32 cumulative histogram over `edges`, divided by its last value. Bins follow
    /// `np.histogram`: the index from `(x − lo)/(hi − lo)·bins`, corrected against the edges;
    /// the last bin includes its upper edge.
    private static func cumulativeDistribution(_ values: [Float], edges: [Float]) -> [Float] {
        let low = edges[0], span = edges[bins] - edges[0]
        var counts = [Int](repeating: 0, count: bins)
        for value in values {
            var index = Int((value - low) / span * Float(bins))
            if index == bins { index -= 1 }
            if value < edges[index] { index -= 1 }
            if index != bins - 1 && value >= edges[index + 1] { index += 1 }
            counts[index] += 1
        }
        var running = 0
        let cumulative = counts.map { count -> Float in
            running += count
            return Float(running)
        }
        return cumulative.map { $0 / cumulative[bins - 1] }
    }
}
