/// DFL's FAN heatmap decoding (`FANExtractor.get_pts_from_predict`, reference §2.3): per
/// landmark the hottest cell, moved a quarter pixel towards the hotter neighbour on each axis
/// (cells on the border stay), plus half a pixel.
enum FANHeatmapDecoder {
    /// The peak of each of `count` maps of `height`×`width` values (row by row, map after map),
    /// in map pixels. Ties go to the first cell in row order.
    static func peaks(_ heatmaps: [Float], count: Int, height: Int, width: Int) -> [SIMD2<Double>] {
        precondition(heatmaps.count == count * height * width, "\(heatmaps.count) values for \(count)×\(height)×\(width) maps")
        return (0..<count).map { channel in
            let base = channel * height * width
            var best = base
            for index in base..<base + height * width where heatmaps[index] > heatmaps[best] { best = index }
            let (y, x) = ((best - base) / width, (best - base) % width)
            var point = SIMD2(Double(x), Double(y))
            if x > 0, x < width - 1, y > 0, y < height - 1 {
                func value(_ dx: Int, _ dy: Int) -> Float { heatmaps[base + (y + dy) * width + x + dx] }
                point.x += sign(value(1, 0) - value(-1, 0)) * 0.25
                point.y += sign(value(0, 1) - value(0, -1)) * 0.25
            }
            return point + 0.5
        }
    }

    private static func sign(_ value: Float) -> Double {
        value > 0 ? 1 : (value < 0 ? -1 : 0)
    }
}
