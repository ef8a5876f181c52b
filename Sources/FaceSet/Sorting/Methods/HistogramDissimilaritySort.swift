import FaceGeometry
import Support
/// `hist-dissim`: gray-histogram dissimilarity. Each image's score is the sum of its
/// Bhattacharyya distances to every other image's 256-bin gray histogram, taken inside the
/// landmark hull for DFL faces and over the whole image otherwise; most dissimilar first.
/// Nothing is trashed.
public struct HistogramDissimilaritySort: SortMethod {
    public let name = "hist-dissim"
    public let summary = "histogram dissimilarity"
    public let readsMetadata = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        let histograms = try ParallelMap.map(faces.count) { index in
            var image = try faces[index].loadBGR()
            if let landmarks = try faces[index].validLandmarks() {
                image = FaceHullMask.masked(image, landmarks: landmarks)
            }
            return BhattacharyyaHistogram(image.converted(.bgrToGray), channel: 0)
        }
        let scores = try ParallelMap.map(faces.count) { index in
            BhattacharyyaHistogram.dissimilarity(of: index, among: histograms)
        }
        return ScoreOrdering.outcome(scores, descending: true)
    }
}
