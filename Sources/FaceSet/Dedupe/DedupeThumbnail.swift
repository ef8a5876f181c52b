import Imaging

/// The 16x16 standardised gray thumbnail dedupe compares (see `DedupeLevel`).
struct DedupeThumbnail: Sendable {
    static let side = 16
    /// 256 values, row by row, zero mean and unit standard deviation (all 0 for a flat image).
    var values: [Double]

    init(_ image: Image) {
        let gray = image.channels == 3 ? image.converted(.bgrToGray) : image
        let small = gray.resized(width: Self.side, height: Self.side, interpolation: .area)
        let raw = small.pixels(as: UInt8.self).map(Double.init)
        let mean = numpyPairwiseSum(raw) / Double(raw.count)
        let deviation = (numpyPairwiseSum(raw.map { ($0 - mean) * ($0 - mean) }) / Double(raw.count)).squareRoot()
        values = raw.map { deviation > 0 ? ($0 - mean) / deviation : $0 - mean }
    }

    /// The mean absolute difference to `other`.
    func distance(to other: DedupeThumbnail) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: values.count) { differences in
            for index in values.indices { differences[index] = abs(values[index] - other.values[index]) }
            return numpyPairwiseSum(UnsafeBufferPointer(differences)) / Double(values.count)
        }
    }
}
