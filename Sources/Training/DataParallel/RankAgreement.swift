import Foundation
import Tensors

/// The start check of a data-parallel run: every rank must train the same model from the same
/// folders with the same options, or the ranks would step out of line (another batch split,
/// another save interval) and hang or train on garbage. Rank 0 sends its description of the run
/// (key=value lines); every rank compares it with its own; a difference on any rank stops all
/// of them together with the same line, naming the first rank that differs and the first key.
public enum RankAgreement {
    /// Throws one line when any rank of `group` describes its run otherwise than rank 0;
    /// `description` is this rank's, as ordered key-value pairs.
    public static func check(_ description: [(key: String, value: String)], over group: ProcessGroup) throws {
        guard group.worldSize > 1 else { return }
        let reference = try group.broadcast(group.rank == 0 ? text(description) : "", from: 0)
        let difference = group.rank == 0 ? nil : firstDifference(description, from: parse(reference), rank: group.rank)
        let flags = Tensor((0..<group.worldSize).map { $0 == group.rank && difference != nil ? Float(1) : 0 }, shape: [group.worldSize])
        try group.allReduceSum([flags])
        guard let differing = flags.floats().firstIndex(where: { $0 > 0 }) else { return }
        let line = try group.broadcast(difference ?? "", from: differing)
        throw TrainingError("\(line): start every rank with the same options, model folder and facesets")
    }

    /// The first key whose value on this rank differs from rank 0's, as the line to report.
    static func firstDifference(_ mine: [(key: String, value: String)], from reference: [(key: String, value: String)],
                                rank: Int) -> String? {
        let theirs = Dictionary(reference, uniquingKeysWith: { first, _ in first })
        let own = Dictionary(mine, uniquingKeysWith: { first, _ in first })
        let keys = mine.map(\.key) + reference.map(\.key).filter { own[$0] == nil }
        for key in keys where own[key] != theirs[key] {
            return "rank \(rank) was started with \(key) \(own[key] ?? "(none)"), rank 0 with \(theirs[key] ?? "(none)")"
        }
        return nil
    }

    static func text(_ description: [(key: String, value: String)]) -> String {
        description.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    static func parse(_ text: String) -> [(key: String, value: String)] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
