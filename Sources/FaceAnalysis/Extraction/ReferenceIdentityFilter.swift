import FaceSet
import Foundation
import Imaging

/// Keeps faces of the person shown in reference images (`extract-faces --reference …`): a face
/// matches when its dlib embedding lies within `threshold` of any reference embedding.
public struct ReferenceIdentityFilter: IdentityFilter {
    public let references: [FaceEmbedding]
    public let embedder: FaceEmbedder
    public let threshold: Float

    /// Embeds each reference image: an aligned DFL face uses its stored landmarks, any other
    /// image the largest face `locate` finds in it.
    public init(referenceImages: [URL], embedder: FaceEmbedder, threshold: Float = FaceEmbedding.samePersonDistance,
                locate: (Image) throws -> [LocatedFace]) throws {
        var embeddings: [FaceEmbedding] = []
        for url in referenceImages {
            let image = FaceExtractor.prepare(try Image(contentsOf: url, mode: .color))
            let landmarks: [SIMD2<Float>]
            if let aligned = try? AlignedFaceImage(contentsOf: url), aligned.hasMetadata, let face = try? aligned.face() {
                landmarks = face.landmarks
            } else if let found = try locate(image).first {
                landmarks = found.landmarks
            } else {
                throw ExtractionError("no face found in the reference image \(url.path) (give a clear, frontal picture of the person)")
            }
            embeddings.append(try embedder.embedding(in: image, landmarks: landmarks))
        }
        guard !embeddings.isEmpty else { throw ExtractionError("--reference needs at least one face image") }
        references = embeddings
        self.embedder = embedder
        self.threshold = threshold
    }

    public func matches(frame: Image, detection: FaceDetection, landmarks: [SIMD2<Float>]) throws -> Bool {
        let embedding = try embedder.embedding(in: frame, landmarks: landmarks)
        return references.contains { $0.distance(to: embedding) <= threshold }
    }
}
