import Imaging
import Support

/// `brightness`: mean HSV value (0…255) of the whole image, brightest first. Nothing is trashed.
public struct BrightnessSort: SortMethod {
    public let name = "brightness"
    public let summary = "brightness"
    public let readsMetadata = false

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let scores = try ParallelMap.map(faces.count) { index in
            HSVChannelMean.of(try faces[index].loadBGR(), channel: 2)
        }
        return ScoreOrdering.outcome(scores, descending: true)
    }
}
