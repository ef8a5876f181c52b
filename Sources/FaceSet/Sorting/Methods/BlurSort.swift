import FaceGeometry
import Support
/// `blur`: CPBD sharpness of the face inside its landmark hull, sharpest first; non-DFL
/// images and faces scoring exactly 0 go to the trash folder.
public struct BlurSort: SortMethod {
    public let name = "blur"
    public let summary = "blur"
    public let readsMetadata = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let scores = try ParallelMap.map(faces.count) { index -> Double? in
            guard let landmarks = try faces[index].validLandmarks() else { return 0 }
            let image = try faces[index].loadBGR()
            return CPBDSharpness.score(FaceHullMask.masked(image, landmarks: landmarks))
        }
        return ScoreOrdering.outcome(scores, descending: true, zeroIsTrash: true)
    }
}
