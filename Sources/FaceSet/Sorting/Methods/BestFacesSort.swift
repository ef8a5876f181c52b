import FaceGeometry
import Foundation
import Support

/// `final` / `final-fast`: DFL's "best faces" selection of about `targetFaceCount` faces
/// spread over head poses (reference §3). Faces are binned by yaw (128 bins over −1.2…1.2,
/// open-ended at both ends, on −yaw); each bin keeps its `q·10` sharpest (`final`: CPBD
/// inside the landmark hull; `final-fast`: source rect area), where q = round(target/128)
/// plus the shortfall of the sparse bins spread over all bins; the survivors are split into
/// q pitch bins over −π/2…π/2, each ordered by gray-histogram dissimilarity within the bin;
/// then q faces per yaw bin are taken by sweeping the pitch bins. The kept faces come out in
/// yaw-bin and sweep order; the rest, and non-DFL or unreadable images, go to the trash.
public struct BestFacesSort: SortMethod {
    /// What ranks faces within a yaw bin.
    public enum Sharpness: Sendable, Hashable {
        /// CPBD sharpness of the hull-masked gray face (`final`).
        case cpbd
        /// Area of the source frame's detector box (`final-fast`).
        case sourceRectArea
    }

    public let sharpness: Sharpness
    public var name: String { sharpness == .cpbd ? "final" : "final-fast" }
    public var summary: String { sharpness == .cpbd ? "best faces" : "best faces faster" }
    public let readsMetadata = true

    public init(sharpness: Sharpness) {
        self.sharpness = sharpness
    }

    /// What the selection needs to know about one face.
    struct Candidate {
        var index: Int
        var sharpness: Double
        var histogram: BhattacharyyaHistogram
        var yaw: Double
        var pitch: Double
    }

    /// The largest target count: beyond it the pitch bins (count/128 per yaw bin) only cost memory.
    public static let largestTargetCount = 1_000_000

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let yawBinCount = 128
        guard options.targetFaceCount <= Self.largestTargetCount else {
            throw SortError.targetCountTooLarge(options.targetFaceCount, largest: Self.largestTargetCount)
        }
        var perBin = Int((Double(options.targetFaceCount) / Double(yawBinCount)).rounded(.toNearestOrEven))
        guard perBin >= 1 else { throw SortError.targetCountTooSmall(options.targetFaceCount) }

        let loaded = try ParallelMap.map(faces.count) { try candidate(faces[$0], index: $0) }
        let candidates = loaded.compactMap { $0 }
        var trashed = loaded.indices.filter { loaded[$0] == nil }

        let yawBins = Self.openBins(candidates, edges: Self.linspace(-1.2, 1.2, yawBinCount)) { -$0.yaw }
        let shortfall = yawBins.reduce(0) { $0 + max(perBin - $1.count, 0) }
        perBin += shortfall / yawBinCount

        var kept: [Int] = []
        for var yawBin in yawBins where !yawBin.isEmpty {
            yawBin = Self.stableSorted(yawBin, descendingBy: { $0.sharpness })
            trashed += yawBin.dropFirst(perBin * 10).map(\.index)
            yawBin = Array(yawBin.prefix(perBin * 10))
            var pitchBins = Self.openBins(yawBin, edges: Self.linspace(-Double.pi / 2, Double.pi / 2, perBin)) { $0.pitch }
            pitchBins = pitchBins.map { members in
                let histograms = members.map(\.histogram)
                let scores = members.indices.map { BhattacharyyaHistogram.dissimilarity(of: $0, among: histograms) }
                return ScoreOrdering.order(Array(members.indices), by: scores, descending: true).map { members[$0] }
            }
            var wanted = perBin
            sweeping: while wanted > 0 {
                let before = wanted
                for bin in pitchBins.indices where !pitchBins[bin].isEmpty {
                    kept.append(pitchBins[bin].removeFirst().index)
                    wanted -= 1
                    if wanted == 0 { break sweeping }
                }
                if before == wanted { break }
            }
            trashed += pitchBins.flatMap { $0.map(\.index) }
        }
        var scores = [Double?](repeating: nil, count: faces.count)
        for candidate in candidates { scores[candidate.index] = candidate.sharpness }
        return SortOutcome(kept: kept, trashed: trashed, scores: scores)
    }

    /// Sharpness, unmasked gray histogram and pose of a DFL face; nil (trash) for a plain or
    /// unreadable image or one without a pose (or, for `final-fast`, without a source rect).
    private func candidate(_ face: SortableFace, index: Int) throws -> Candidate? {
        guard let landmarks = try face.validLandmarks() else { return nil }
        guard let image = try? face.loadBGR() else { return nil }
        let gray = image.converted(.bgrToGray)
        let score: Double
        switch sharpness {
        case .cpbd:
            score = CPBDSharpness.score(FaceHullMask.masked(gray, landmarks: landmarks))
        case .sourceRectArea:
            guard let rect = face.metadata?.sourceRect else { return nil }
            score = SourceRectSizeSort.area(rect)
        }
        guard let pose = HeadPose(landmarks: landmarks, size: face.metadata?.imageWidth ?? image.width) else {
            return nil
        }
        return Candidate(index: index, sharpness: score, histogram: BhattacharyyaHistogram(gray, channel: 0),
                         yaw: pose.yaw, pitch: pose.pitch)
    }

    /// `numpy.linspace(start, stop, count)`.
    static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (stop - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? stop : start + Double($0) * step }
    }

    /// DFL's open-ended binning: bin 0 takes values below `edges[1]`, bin g takes
    /// `edges[g]` ≤ v < `edges[g+1]`, the last bin takes v ≥ its edge. Members keep their order.
    static func openBins<Item>(_ items: [Item], edges: [Double], value: (Item) -> Double) -> [[Item]] {
        var bins = [[Item]](repeating: [], count: edges.count)
        for item in items {
            let v = value(item)
            for bin in edges.indices {
                let last = bin == edges.count - 1
                let upper = last ? edges[bin] : edges[bin + 1]
                if (bin == 0 && v < upper) || (!last && edges[bin] <= v && v < upper) || (last && v >= edges[bin]) {
                    bins[bin].append(item)
                    break
                }
            }
        }
        return bins
    }

    /// `items` by `key` highest first, equal keys in their incoming order.
    private static func stableSorted(_ items: [Candidate], descendingBy key: (Candidate) -> Double) -> [Candidate] {
        ScoreOrdering.order(Array(items.indices), by: items.map(key), descending: true).map { items[$0] }
    }
}
