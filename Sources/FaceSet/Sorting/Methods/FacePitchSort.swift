import FaceGeometry
import Support
/// `face-pitch`: head pitch from the landmarks (`HeadPose`, negated as DFL returns it),
/// highest first; non-DFL images go to the trash folder.
public struct FacePitchSort: SortMethod {
    public let name = "face-pitch"
    public let summary = "face pitch direction"
    public let readsMetadata = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let scores = try ParallelMap.map(faces.count) { index -> Double? in
            try HeadPose(of: faces[index])?.pitch
        }
        return ScoreOrdering.outcome(scores, descending: true)
    }
}
