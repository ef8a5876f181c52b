import FaceGeometry

/// How a batch picks its faces from a faceset: evenly over faces, or with DFL's `uniform_yaw`
/// (reference §7.4) evenly over head turn: faces are put into 128 bins of `−yaw` over
/// −1.2…1.2 rad (the first bin also takes everything below, the last only 1.2 and above), a
/// non-empty bin is drawn, then a face within it. Draws are with replacement from the batch's
/// seeded generator (DFL draws without replacement per round from an unseeded one), so the same
/// seed gives the same batches.
public struct SamplePicker: Sendable {
    /// The faces of each non-empty bin (one bin holding every face when not by yaw).
    let bins: [[Int]]

    /// Evenly over the `count` faces.
    public init(count: Int) {
        bins = [Array(0..<count)]
    }

    /// Evenly over the yaw of `samples` (a face whose pose cannot be estimated counts as 0).
    public init(yawOf samples: [TrainingSample]) {
        let edges = (0..<128).map { -1.2 + 2.4 * Double($0) / 127 }
        var members = [[Int]](repeating: [], count: 128)
        for (index, sample) in samples.enumerated() {
            let pose = HeadPose(landmarks: sample.landmarks.map(SIMD2<Double>.init), size: sample.image.width)
            members[Self.bin(-(pose?.yaw ?? 0), edges: edges)].append(index)
        }
        bins = members.filter { !$0.isEmpty }
    }

    /// Faces grouped into `bins` (each non-empty).
    init(bins: [[Int]]) {
        self.bins = bins
    }

    /// The bin of `s`: the last edge at or below it, bin 0 for anything below edge 1.
    static func bin(_ s: Double, edges: [Double]) -> Int {
        (edges.lastIndex { $0 <= s } ?? 0)
    }

    /// One face's index.
    public func pick(using random: inout some RandomNumberGenerator) -> Int {
        let bin = bins.count == 1 ? bins[0] : bins[Int.random(in: 0..<bins.count, using: &random)]
        return bin[Int.random(in: 0..<bin.count, using: &random)]
    }
}
