/// Smooths a face's 68 landmarks across consecutive frames with one One-Euro filter per
/// coordinate (dst extraction's optional temporal stability). Positions are measured in units of
/// the face's size when tracking starts, so the same settings suit small and large faces.
public struct LandmarkSmoother: Sendable {
    private var filters: [OneEuroFilter]
    private let template: OneEuroFilter
    private var unit: Double = 1

    /// `minCutoff` (Hz) and `beta` as in `OneEuroFilter`; `rate` is the frame rate.
    public init(minCutoff: Double = 1.0, beta: Double = 5.0, rate: Double = 30) {
        template = OneEuroFilter(minCutoff: minCutoff, beta: beta, rate: rate)
        filters = []
    }

    /// The smoothed landmarks of the next frame.
    public mutating func smooth(_ landmarks: [SIMD2<Float>]) -> [SIMD2<Float>] {
        if filters.count != landmarks.count * 2 {
            filters = Array(repeating: template, count: landmarks.count * 2)
            let xs = landmarks.map(\.x), ys = landmarks.map(\.y)
            unit = Double(max(xs.max()! - xs.min()!, ys.max()! - ys.min()!, 1))
        }
        let size = unit
        var result: [SIMD2<Float>] = []
        result.reserveCapacity(landmarks.count)
        for (i, point) in landmarks.enumerated() {
            let x = filters[2 * i](Double(point.x) / size) * size
            let y = filters[2 * i + 1](Double(point.y) / size) * size
            result.append(SIMD2(Float(x), Float(y)))
        }
        return result
    }

    /// Starts afresh (the tracked face was lost or the shot changed).
    public mutating func reset() { filters = [] }
}
