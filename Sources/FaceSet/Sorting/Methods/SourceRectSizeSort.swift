/// `face-source-rect-size`: area of the detector box in the source frame, largest first
/// (absolute, so boxes of rotated detections with swapped corners count too); non-DFL images
/// and faces without a `source_rect` go to the trash folder.
public struct SourceRectSizeSort: SortMethod {
    public let name = "face-source-rect-size"
    public let summary = "face rect size in source image"
    public let readsMetadata = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        ScoreOrdering.outcome(faces.map { $0.metadata?.sourceRect.map(Self.area) }, descending: true)
    }

    /// |(right − left) · (bottom − top)| of a (left, top, right, bottom) box.
    static func area(_ rect: SIMD4<Int>) -> Double {
        abs(Double(rect[2] - rect[0]) * Double(rect[3] - rect[1]))
    }
}
