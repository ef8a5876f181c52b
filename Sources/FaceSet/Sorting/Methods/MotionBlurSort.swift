import FaceGeometry
import Support
/// `motion-blur`: variance of the 11-tap Laplacian (all pixels, all three channels) of the
/// hull-masked face, highest first; non-DFL images and faces scoring exactly 0 go to the trash.
public struct MotionBlurSort: SortMethod {
    public let name = "motion-blur"
    public let summary = "motion blur"
    public let readsMetadata = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let scores = try ParallelMap.map(faces.count) { index -> Double? in
            guard let landmarks = try faces[index].validLandmarks() else { return 0 }
            let image = try faces[index].loadBGR()
            let values = FaceHullMask.masked(image, landmarks: landmarks).laplacian(kernelSize: 11)
            let mean = numpyPairwiseSum(values) / Double(values.count)
            return numpyPairwiseSum(values.map { ($0 - mean) * ($0 - mean) }) / Double(values.count)
        }
        return ScoreOrdering.outcome(scores, descending: true, zeroIsTrash: true)
    }
}
