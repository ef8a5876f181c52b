/// Stable orderings by score, as Python's `sorted(..., key=score, reverse=...)` on a list in
/// incoming order: equal scores keep their incoming order. NaN scores go last.
enum ScoreOrdering {
    /// `indices` ordered by `scores[index]`, highest first when `descending`.
    static func order(_ indices: [Int], by scores: [Double], descending: Bool) -> [Int] {
        indices.sorted { a, b in
            let first = key(scores[a], descending), second = key(scores[b], descending)
            return first < second || (first == second && a < b)
        }
    }

    /// The usual outcome of a scoring method: faces with a score are kept in score order;
    /// faces without one (nil) and, when `zeroIsTrash`, faces scoring exactly 0 are trashed.
    static func outcome(_ scores: [Double?], descending: Bool, zeroIsTrash: Bool = false) -> SortOutcome {
        let trashed = scores.indices.filter { scores[$0] == nil || (zeroIsTrash && scores[$0] == 0) }
        let scored = scores.indices.filter { scores[$0] != nil && !(zeroIsTrash && scores[$0] == 0) }
        let kept = order(scored, by: scores.map { $0 ?? 0 }, descending: descending)
        return SortOutcome(kept: kept, trashed: trashed, scores: scores)
    }

    /// An ascending sort key that puts NaN after every number.
    private static func key(_ score: Double, _ descending: Bool) -> Double {
        score.isNaN ? .infinity : (descending ? -score : score)
    }
}
