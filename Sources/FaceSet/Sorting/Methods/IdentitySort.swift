import Foundation
import Imaging

/// `sort --method identity`: groups a faceset by person. Each aligned face gets an embedding
/// (`SortOptions.identityEmbedder`, dlib's face recognition ResNet) from its stored landmarks;
/// faces join the first group whose mean embedding lies within `SortOptions.identityThreshold`
/// (file order), else start a new group. Groups come out largest first, each
/// in file order, so one person's faces are numbered together; faces without metadata go to
/// the trash folder.
public struct IdentitySort: SortMethod {
    public let name = "identity"
    public let summary = "by person (dlib face embeddings)"
    public let readsMetadata = true
    public let needsIdentityEmbedder = true

    public init() {}

    public func sort(_ faces: [SortableFace], options: SortOptions) throws -> SortOutcome {
        guard let embedder = options.identityEmbedder else { throw SortError.noIdentityEmbedder }
        let threshold = Float(options.identityThreshold)
        var groups: [(sum: [Float], members: [Int])] = []
        var trashed: [Int] = []
        var scores = [Double?](repeating: nil, count: faces.count)
        for (index, face) in faces.enumerated() {
            guard let metadata = face.metadata, metadata.landmarks.count == 68 else {
                trashed.append(index)
                continue
            }
            let image = try Image(contentsOf: face.url, mode: .color)
            let embedding = try embedder.identityEmbedding(of: image, landmarks: metadata.landmarks.map { SIMD2<Float>($0) })
            let match = groups.indices.first { g in
                let mean = groups[g].sum.map { $0 / Float(groups[g].members.count) }
                return zip(mean, embedding).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() <= threshold
            }
            if let g = match {
                groups[g].sum = zip(groups[g].sum, embedding).map(+)
                groups[g].members.append(index)
            } else {
                groups.append((embedding, [index]))
            }
        }
        let ordered = groups.enumerated().sorted { ($0.element.members.count, -$0.offset) > ($1.element.members.count, -$1.offset) }
        for (rank, group) in ordered.enumerated() { for member in group.element.members { scores[member] = Double(rank) } }
        return SortOutcome(kept: ordered.flatMap(\.element.members), trashed: trashed, scores: scores)
    }
}
