import FaceGeometry
import Support
/// `face-yaw`: head yaw from the landmarks (`HeadPose`), highest first; non-DFL images go to
/// the trash folder.
public struct FaceYawSort: SortMethod {
    public let name = "face-yaw"
    public let summary = "face yaw direction"
    public let readsMetadata = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let scores = try ParallelMap.map(faces.count) { index -> Double? in
            try HeadPose(of: faces[index])?.yaw
        }
        return ScoreOrdering.outcome(scores, descending: true)
    }
}
