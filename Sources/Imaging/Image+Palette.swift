extension Image {
    /// DFL's `reduce_colors(image, colors)` (`core/imagelib/reduce_colors.py`, reference §8.4) on a
    /// float32 BGR image: the values truncated to bytes, reduced to at most `colors` colours by
    /// median cut (Pillow's adaptive palette: boxes of the colour histogram split at the weighted
    /// median of their longest side, the largest box first; each colour replaced by its box's
    /// mean), without dithering, and returned as float32 in [0, 1].
    public func reducedToPalette(colors: Int) -> Image {
        precondition(format == .float32 && channels == 3, "reducedToPalette: a float32 BGR image is needed")
        precondition(colors >= 1, "reducedToPalette: at least one colour")
        var codes = [UInt32](repeating: 0, count: width * height)
        withUnsafeBufferPointer(as: Float.self) { values in
            for pixel in codes.indices {
                func byte(_ value: Float) -> UInt32 { value.isNaN ? 0 : UInt32(min(max(value * 255, 0), 255)) }
                codes[pixel] = byte(values[pixel * 3]) << 16 | byte(values[pixel * 3 + 1]) << 8 | byte(values[pixel * 3 + 2])
            }
        }
        var counts: [UInt32: Int] = [:]
        for code in codes { counts[code, default: 0] += 1 }
        let histogram = counts.map { (code: $0.key, count: $0.value) }.sorted { $0.code < $1.code }
        let palette = MedianCut.palette(histogram, colors: colors)
        var result = Image(uninitializedWidth: width, height: height, channels: 3, format: .float32)
        result.withUnsafeMutableBufferPointer(as: Float.self) { target in
            for pixel in codes.indices {
                let colour = palette[codes[pixel]]!
                for channel in 0..<3 { target[pixel * 3 + channel] = colour[channel] }
            }
        }
        return result
    }
}

/// Median-cut colour quantisation over a colour histogram (24-bit codes, B in the high byte).
enum MedianCut {
    /// The replacement colour (float32 BGR in [0, 1]) of every code in `histogram`.
    static func palette(_ histogram: [(code: UInt32, count: Int)], colors: Int) -> [UInt32: SIMD3<Float>] {
        var boxes = [histogram]
        while boxes.count < colors {
            let splittable = boxes.indices.filter { boxes[$0].count > 1 }
            guard let widest = splittable.max(by: { volume(boxes[$0]) < volume(boxes[$1]) }) else { break }
            let box = boxes.remove(at: widest)
            let (low, high) = split(box)
            boxes.append(low)
            boxes.append(high)
        }
        var palette: [UInt32: SIMD3<Float>] = [:]
        for box in boxes {
            var sum = SIMD3<Double>(0, 0, 0)
            var total = 0
            for entry in box {
                sum += SIMD3<Double>(components(entry.code)) * Double(entry.count)
                total += entry.count
            }
            let mean = SIMD3<Float>((sum / Double(total)).rounded(.toNearestOrEven) / 255)
            for entry in box { palette[entry.code] = mean }
        }
        return palette
    }

    private static func components(_ code: UInt32) -> SIMD3<Double> {
        SIMD3(Double(code >> 16 & 255), Double(code >> 8 & 255), Double(code & 255))
    }

    private static func ranges(_ box: [(code: UInt32, count: Int)]) -> SIMD3<Double> {
        var low = SIMD3<Double>(repeating: 255), high = SIMD3<Double>(repeating: 0)
        for entry in box {
            let value = components(entry.code)
            low = pointwiseMin(low, value)
            high = pointwiseMax(high, value)
        }
        return high - low
    }

    private static func volume(_ box: [(code: UInt32, count: Int)]) -> Double {
        let side = ranges(box) + 1
        return side.x * side.y * side.z
    }

    /// The box split along its longest side where half its pixels lie on each part.
    private static func split(_ box: [(code: UInt32, count: Int)]) -> ([(code: UInt32, count: Int)], [(code: UInt32, count: Int)]) {
        let side = ranges(box)
        let axis = side.x >= side.y && side.x >= side.z ? 0 : (side.y >= side.z ? 1 : 2)
        let sorted = box.sorted { components($0.code)[axis] < components($1.code)[axis] || (components($0.code)[axis] == components($1.code)[axis] && $0.code < $1.code) }
        let total = sorted.reduce(0) { $0 + $1.count }
        var running = 0
        var cut = 1
        for (index, entry) in sorted.enumerated() {
            running += entry.count
            if running * 2 >= total { cut = index + 1; break }
        }
        cut = min(max(cut, 1), sorted.count - 1)
        return (Array(sorted[..<cut]), Array(sorted[cut...]))
    }
}
