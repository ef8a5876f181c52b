extension DlibShapePredictor {
    /// Reads `dlib::shape_predictor`'s serialization (`shape_predictor.h`): version 1, the mean
    /// shape (a column `matrix<float>` of x, y pairs), the forests (a vector per cascade of
    /// regression trees, each a vector of splits — two feature indices and a float threshold —
    /// and a vector of leaf displacement columns), the anchor landmark of every feature pixel
    /// (vector per cascade of `unsigned long`) and its offset (vector per cascade of
    /// `vector<float,2>`).
    public init(reading reader: inout DlibStreamReader) throws(DlibFormatError) {
        let version = try reader.readInt32("the shape predictor version")
        guard version == 1 else { throw reader.failure("shape predictor version \(version), expected 1 (is this a shape predictor?)") }

        let initial = try reader.readFloatMatrix("the mean shape")
        guard initial.columns == 1, initial.rows >= 4, initial.rows % 2 == 0 else {
            throw reader.failure("a mean shape of \(initial.rows)×\(initial.columns) values, expected a column of two or more x, y pairs")
        }
        let meanShape = stride(from: 0, to: initial.rows, by: 2).map { SIMD2(initial.values[$0], initial.values[$0 + 1]) }
        let partCount = meanShape.count

        let cascadeCount = try reader.readCount("the forests", minimumElementBytes: 1)
        var forests: [(treeCount: Int, splitsPerTree: Int, features: [SIMD2<Int32>], thresholds: [Float], leaves: [SIMD2<Float>])] = []
        for cascade in 0..<cascadeCount {
            let treeCount = try reader.readCount("the trees of cascade \(cascade)", minimumElementBytes: 2)
            var splitsPerTree = 0
            var features: [SIMD2<Int32>] = []
            var thresholds: [Float] = []
            var leaves: [SIMD2<Float>] = []
            for tree in 0..<treeCount {
                func what() -> String { "tree \(tree) of cascade \(cascade)" }
                let splitCount = try reader.readCount("the splits of \(what())", minimumElementBytes: 4)
                if tree == 0 {
                    splitsPerTree = splitCount
                    let (splits, overflow) = treeCount.multipliedReportingOverflow(by: splitCount)
                    if !overflow, splits <= reader.remaining {
                        features.reserveCapacity(splits)
                        thresholds.reserveCapacity(splits)
                        let points = (splits + treeCount) * partCount
                        if points <= reader.remaining / 4 { leaves.reserveCapacity(points) }
                    }
                }
                guard splitCount == splitsPerTree else {
                    throw reader.failure("\(what()) has \(splitCount) splits, the first tree \(splitsPerTree); Masque reads complete trees of one depth")
                }
                for _ in 0..<splitCount {
                    let first = try reader.readUnsigned("a split feature of \(what())")
                    let second = try reader.readUnsigned("a split feature of \(what())")
                    guard first <= UInt64(Int32.max), second <= UInt64(Int32.max) else {
                        throw reader.failure("a split of \(what()) names feature pixel \(max(first, second))")
                    }
                    features.append(SIMD2(Int32(first), Int32(second)))
                    thresholds.append(try reader.readFloat("a split threshold of \(what())"))
                }
                let leafCount = try reader.readCount("the leaves of \(what())", minimumElementBytes: 2)
                guard leafCount == splitCount + 1, leafCount & (leafCount - 1) == 0 else {
                    throw reader.failure("\(what()) has \(splitCount) splits and \(leafCount) leaves; expected a complete binary tree")
                }
                for leaf in 0..<leafCount {
                    try reader.readPointColumn(pairs: partCount, appendingTo: &leaves, "leaf \(leaf) of \(what())")
                }
            }
            forests.append((treeCount, splitsPerTree, features, thresholds, leaves))
        }

        let anchorCascades = try reader.readCount("the anchor indices", minimumElementBytes: 1)
        guard anchorCascades == cascadeCount else {
            throw reader.failure("\(anchorCascades) cascades of anchor indices for \(cascadeCount) forests")
        }
        var anchors: [[Int32]] = []
        for cascade in 0..<cascadeCount {
            let count = try reader.readCount("the anchor indices of cascade \(cascade)", minimumElementBytes: 1)
            var indices: [Int32] = []
            indices.reserveCapacity(count)
            for _ in 0..<count {
                let index = try reader.readUnsigned("an anchor index of cascade \(cascade)")
                guard index < UInt64(partCount) else {
                    throw reader.failure("cascade \(cascade) anchors a feature pixel to landmark \(index) of \(partCount)")
                }
                indices.append(Int32(index))
            }
            anchors.append(indices)
        }

        let deltaCascades = try reader.readCount("the feature offsets", minimumElementBytes: 1)
        guard deltaCascades == cascadeCount else {
            throw reader.failure("\(deltaCascades) cascades of feature offsets for \(cascadeCount) forests")
        }
        var cascades: [Cascade] = []
        for cascade in 0..<cascadeCount {
            let count = try reader.readCount("the feature offsets of cascade \(cascade)", minimumElementBytes: 4)
            guard count == anchors[cascade].count else {
                throw reader.failure("cascade \(cascade) has \(count) feature offsets and \(anchors[cascade].count) anchors")
            }
            var deltas: [SIMD2<Float>] = []
            deltas.reserveCapacity(count)
            for _ in 0..<count {
                let x = try reader.readFloat("a feature offset of cascade \(cascade)")
                let y = try reader.readFloat("a feature offset of cascade \(cascade)")
                deltas.append(SIMD2(x, y))
            }
            let forest = forests[cascade]
            if let outOfRange = forest.features.first(where: { Int($0.x) >= count || Int($0.y) >= count }) {
                throw reader.failure("cascade \(cascade) compares feature pixel \(max(outOfRange.x, outOfRange.y)) of \(count)")
            }
            cascades.append(Cascade(anchors: anchors[cascade], deltas: deltas, treeCount: forest.treeCount,
                                    splitsPerTree: forest.splitsPerTree, splitFeatures: forest.features,
                                    thresholds: forest.thresholds, leafDisplacements: forest.leaves))
        }
        self.init(meanShape: meanShape, cascades: cascades)
    }
}
