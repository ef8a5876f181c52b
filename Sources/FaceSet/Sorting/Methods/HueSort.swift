import Imaging
import Support

/// `hue`: mean HSV hue (OpenCV's 0…179) of the whole image, highest first. Nothing is trashed.
public struct HueSort: SortMethod {
    public let name = "hue"
    public let summary = "hue"
    public let readsMetadata = false

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let scores = try ParallelMap.map(faces.count) { index in
            HSVChannelMean.of(try faces[index].loadBGR(), channel: 0)
        }
        return ScoreOrdering.outcome(scores, descending: true)
    }
}
