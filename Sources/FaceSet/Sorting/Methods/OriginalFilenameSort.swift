/// `origname`: by the source frame's file name (`source_filename`, code-point order);
/// non-DFL images and faces without a source file name go to the trash folder.
public struct OriginalFilenameSort: SortMethod {
    public let name = "origname"
    public let summary = "original filename"
    public let readsMetadata = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let sourceNames = faces.map { $0.metadata?.sourceFilename.map { Array($0.unicodeScalars.map(\.value)) } }
        let kept = faces.indices.filter { sourceNames[$0] != nil }.sorted { a, b in
            let first = sourceNames[a]!, second = sourceNames[b]!
            return first.lexicographicallyPrecedes(second) || (first == second && a < b)
        }
        let trashed = faces.indices.filter { sourceNames[$0] == nil }
        return SortOutcome(kept: kept, trashed: trashed, scores: Array(repeating: nil, count: faces.count))
    }
}
