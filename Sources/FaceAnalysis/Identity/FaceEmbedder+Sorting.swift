import FaceSet
import Imaging

extension FaceEmbedder: FaceIdentityEmbedder {
    /// The dlib embedding of the face with `landmarks` in `image`, for the identity sort.
    public func identityEmbedding(of image: Image, landmarks: [SIMD2<Float>]) throws -> [Float] {
        try embedding(in: image, landmarks: landmarks).values
    }
}
