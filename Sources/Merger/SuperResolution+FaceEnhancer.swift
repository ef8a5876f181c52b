import FaceAnalysis
import Imaging

/// Real-ESRGAN x4plus as the merger's super-resolution (DFL's FaceEnhancer's place): predicted
/// faces R×R in, 4R×4R out, float32 BGR in [0, 1].
extension SuperResolution: FaceEnhancer {
    public func enhanced(_ faces: [Image]) throws -> [Image] {
        try enhance(faces)
    }
}
