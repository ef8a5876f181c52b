import Support
/// `black`: number of channel values equal to 0 (all channels counted), fewest first.
/// Nothing is trashed.
public struct BlackPixelSort: SortMethod {
    public let name = "black"
    public let summary = "amount of black pixels"
    public let readsMetadata = false

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let scores = try ParallelMap.map(faces.count) { index in
            try faces[index].loadBGR().withUnsafeBufferPointer(as: UInt8.self) { values in
                Double(values.reduce(0) { $0 + ($1 == 0 ? 1 : 0) })
            }
        }
        return ScoreOrdering.outcome(scores, descending: false)
    }
}
