import Support
/// `absdiff`: chains images by pixel difference Σ|Iᵢ − Iⱼ| over all pixels and channels
/// (exact integer sums; all images must have one size). Starting at the first image, the
/// next is the unused image nearest to the current one (by similarity: smallest distance,
/// the lowest index on ties) or farthest from it (largest, the highest index on ties).
/// Nothing is trashed. DFL computes the same distances with TensorFlow in float32 blocks
/// cached in an HDF5 file.
public struct AbsoluteDifferenceSort: SortMethod {
    public let name = "absdiff"
    public let summary = "absolute pixel difference"
    public let readsMetadata = false

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let none = [Double?](repeating: nil, count: faces.count)
        guard !faces.isEmpty else { return SortOutcome(kept: [], trashed: [], scores: none) }
        let images = try ParallelMap.map(faces.count) { try faces[$0].loadBGR() }
        let first = images[0]
        for (index, image) in images.enumerated() where image.width != first.width || image.height != first.height {
            throw SortError.sizeMismatch(path: faces[index].url.path, expected: "\(first.width)x\(first.height)",
                                         found: "\(image.width)x\(image.height)")
        }
        let pixels = images.map { $0.pixels(as: UInt8.self) }
        let count = faces.count
        let rows = try ParallelMap.map(count) { row in
            (0..<count).map { column in column > row ? Self.distance(pixels[row], pixels[column]) : 0 }
        }
        let distance = { (a: Int, b: Int) in a < b ? rows[a][b] : (a > b ? rows[b][a] : 0) }
        var order = [0]
        var used = Set([0])
        var current = 0
        while order.count < count {
            var chosen = -1
            for candidate in 0..<count where !used.contains(candidate) {
                if chosen < 0 {
                    chosen = candidate
                    continue
                }
                let better = options.absoluteDifferenceBySimilar
                    ? distance(current, candidate) < distance(current, chosen)
                    : distance(current, candidate) >= distance(current, chosen)
                if better { chosen = candidate }
            }
            order.append(chosen)
            used.insert(chosen)
            current = chosen
        }
        return SortOutcome(kept: order, trashed: [], scores: none)
    }

    /// Σ|a − b| over two equally long byte arrays.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> UInt64 {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var total: UInt64 = 0
                var index = 0
                let lanes = 16
                while index + lanes <= a.count {
                    var block = SIMD16<UInt32>()
                    let stop = min(a.count - (a.count - index) % lanes, index + lanes * 4096)
                    while index < stop {
                        let x = UnsafeRawPointer(a.baseAddress! + index).loadUnaligned(as: SIMD16<UInt8>.self)
                        let y = UnsafeRawPointer(b.baseAddress! + index).loadUnaligned(as: SIMD16<UInt8>.self)
                        let larger = x.replacing(with: y, where: y .> x)
                        let smaller = x.replacing(with: y, where: y .< x)
                        block &+= SIMD16<UInt32>(truncatingIfNeeded: larger &- smaller)
                        index += lanes
                    }
                    total += UInt64(block.wrappedSum())
                }
                while index < a.count {
                    total += UInt64(a[index] > b[index] ? a[index] - b[index] : b[index] - a[index])
                    index += 1
                }
                return total
            }
        }
    }
}
