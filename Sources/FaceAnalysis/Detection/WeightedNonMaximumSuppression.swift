/// MediaPipe's `WEIGHTED` non-maximum suppression (`NonMaxSuppressionCalculator`): the strongest
/// remaining candidate absorbs every candidate overlapping it by more than a threshold
/// (intersection over union), and the result is their score-weighted mean — box corners and
/// keypoints alike — with the strongest one's score. Steadier than plain NMS on video.
enum WeightedNonMaximumSuppression {
    /// A candidate: box corners, score, and keypoints, all in one coordinate system.
    struct Candidate {
        var left: Double
        var top: Double
        var right: Double
        var bottom: Double
        var score: Double
        var keypoints: [SIMD2<Double>]

        var area: Double { (right - left) * (bottom - top) }

        func overlap(_ other: Candidate) -> Double {
            let width = min(right, other.right) - max(left, other.left)
            let height = min(bottom, other.bottom) - max(top, other.top)
            guard width > 0, height > 0 else { return 0 }
            let intersection = width * height
            let union = area + other.area - intersection
            return union > 0 ? intersection / union : 0
        }
    }

    /// The merged candidates, strongest first. Candidates of equal score keep their order.
    static func merge(_ candidates: [Candidate], overlapThreshold: Double) -> [Candidate] {
        var remaining = candidates.indices.sorted { (candidates[$0].score, $1) > (candidates[$1].score, $0) }
        var merged: [Candidate] = []
        while let first = remaining.first {
            let strongest = candidates[first]
            let absorbed = remaining.filter { candidates[$0].overlap(strongest) > overlapThreshold }
            remaining.removeAll { candidates[$0].overlap(strongest) > overlapThreshold }
            var result = Candidate(left: 0, top: 0, right: 0, bottom: 0, score: strongest.score,
                                   keypoints: Array(repeating: .zero, count: strongest.keypoints.count))
            let total = absorbed.reduce(0) { $0 + candidates[$1].score }
            for index in absorbed {
                let candidate = candidates[index]
                let weight = candidate.score / total
                result.left += weight * candidate.left
                result.top += weight * candidate.top
                result.right += weight * candidate.right
                result.bottom += weight * candidate.bottom
                for point in result.keypoints.indices { result.keypoints[point] += weight * candidate.keypoints[point] }
            }
            merged.append(absorbed.isEmpty ? strongest : result)
            if absorbed.isEmpty { remaining.removeFirst() }
        }
        return merged
    }
}
