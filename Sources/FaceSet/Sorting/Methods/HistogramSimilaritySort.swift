import Dispatch
import Support

/// `hist`: chains images by colour-histogram similarity. Each chunk of the incoming order is
/// chained greedily: after image i comes the not yet chained image with the smallest sum of
/// blue, green and red Bhattacharyya distances to it (the first such on ties). Chunks follow
/// DFL's split (20,000 images, or N/11.9 when that would give more than 12 chunks) and are
/// joined in chunk order, where DFL joins them in worker completion order. Nothing is trashed.
public struct HistogramSimilaritySort: SortMethod {
    public let name = "hist"
    public let summary = "histogram similarity"
    public let readsMetadata = false

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let histograms = try ParallelMap.map(faces.count) { index in
            let image = try faces[index].loadBGR()
            return (0..<3).map { BhattacharyyaHistogram(image, channel: $0) }
        }
        var kept: [Int] = []
        var start = 0
        for size in Self.chunkSizes(count: faces.count) {
            let chunk = Array(start..<(start + size))
            var chain = HistogramChain(histograms: chunk.map { histograms[$0] })
            kept += chain.order().map { chunk[$0] }
            start += size
        }
        return SortOutcome(kept: kept, trashed: [], scores: Array(repeating: nil, count: faces.count))
    }

    /// DFL's chunk sizes for `count` images (the last chunk may be empty).
    public static func chunkSizes(count: Int) -> [Int] {
        var size = 20000
        var full = count / size
        if full > 12 {
            size = Int(Double(count) / 11.9)
            full = count / size
        }
        return Array(repeating: size, count: full) + [count - full * size]
    }
}

/// The greedy nearest-neighbour chain of one `hist` chunk. The histograms' roots sit in one
/// contiguous matrix whose rows are swapped as DFL swaps list items; each step's search for
/// the nearest remaining row is split across the cores.
struct HistogramChain {
    private static let width = 3 * 256
    private var roots: [Double]
    private var totals: [SIMD3<Double>]
    private var positions: [Int]

    init(histograms: [[BhattacharyyaHistogram]]) {
        roots = histograms.flatMap { $0.flatMap(\.roots) }
        totals = histograms.map { SIMD3($0[0].total, $0[1].total, $0[2].total) }
        positions = Array(histograms.indices)
    }

    /// The chained order, as indices into the histograms given.
    mutating func order() -> [Int] {
        let count = positions.count
        guard count > 2 else { return positions }
        for current in 0..<(count - 2) {
            let next = nearest(to: current, from: current + 1)
            swapRows(current + 1, next)
        }
        return positions
    }

    /// The first row at or after `start` with the smallest summed distance to row `row`.
    private func nearest(to row: Int, from start: Int) -> Int {
        let remaining = positions.count - start
        let parts = remaining >= 512 ? 8 : 1
        let best = roots.withUnsafeBufferPointer { roots in
            let roots = UnsafeSendableBuffer(roots)
            return ParallelMap.map(parts, workers: parts) { part -> (score: Double, row: Int) in
                let from = start + remaining * part / parts, to = start + remaining * (part + 1) / parts
                var bestScore = Double.infinity, bestRow = from
                for candidate in from..<to {
                    let score = distance(roots.buffer, row, candidate)
                    if score < bestScore {
                        bestScore = score
                        bestRow = candidate
                    }
                }
                return (bestScore, bestRow)
            }
        }
        var winner = (score: Double.infinity, row: start)
        for candidate in best where candidate.score < winner.score { winner = candidate }
        return winner.row
    }

    /// Σ over blue, green and red of the Bhattacharyya distance between two rows.
    private func distance(_ roots: UnsafeBufferPointer<Double>, _ a: Int, _ b: Int) -> Double {
        let lanes = 8
        let base = roots.baseAddress!
        var score = 0.0
        for channel in 0..<3 {
            let rowA = a * Self.width + channel * 256, rowB = b * Self.width + channel * 256
            var sum = SIMD8<Double>()
            var bin = 0
            while bin < 256 {
                let x = UnsafeRawPointer(base + rowA + bin).loadUnaligned(as: SIMD8<Double>.self)
                let y = UnsafeRawPointer(base + rowB + bin).loadUnaligned(as: SIMD8<Double>.self)
                sum += x * y
                bin += lanes
            }
            score += BhattacharyyaHistogram.distance(overlap: sum.sum(), totals: totals[a][channel] * totals[b][channel])
        }
        return score
    }

    private mutating func swapRows(_ a: Int, _ b: Int) {
        guard a != b else { return }
        positions.swapAt(a, b)
        totals.swapAt(a, b)
        roots.withUnsafeMutableBufferPointer { roots in
            for column in 0..<Self.width { roots.swapAt(a * Self.width + column, b * Self.width + column) }
        }
    }
}
