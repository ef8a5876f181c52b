import FaceGeometry
import Imaging

/// What a swap model gives the merger for one aligned frame face (DFL's predictor contract,
/// reference §8.1): the face it would put there and two masks, each R×R, float32 in [0, 1].
public struct PredictedFace: Sendable {
    /// The swapped face, BGR (DFL's `pred_src_dst`).
    public var face: Image
    /// The model's mask of its own face (`learned-prd`, DFL's `pred_src_dstm`), one channel.
    public var predictedMask: Image
    /// The model's mask of the frame's face (`learned-dst`, DFL's `pred_dst_dstm`), one channel.
    public var destinationMask: Image

    public init(face: Image, predictedMask: Image, destinationMask: Image) {
        self.face = face
        self.predictedMask = predictedMask
        self.destinationMask = destinationMask
    }
}

/// A swap model as the merger runs it: frame faces of its face type and resolution in, predicted
/// faces out, a batch at a time. SAEHD and Quick96 models (`SwapModelPredictor`), AMP models
/// (`AMPPredictor`) and `.dfm` files (`DFMPredictor`) conform.
public protocol FacePredictor: Sendable {
    /// The model's input and output size R in pixels.
    var resolution: Int { get }
    /// The crop the model was trained on.
    var faceType: FaceType { get }
    /// Predictions for `faces` (R×R float32 BGR in [0, 1]), in order.
    func predict(_ faces: [Image]) throws -> [PredictedFace]
}

/// A face segmenter as the merger runs it (DFL's XSeg): R×R faces in, one-channel masks in [0, 1]
/// out, with values below 0.1 already zeroed as DFL's `XSegNet.extract` does.
public protocol FaceSegmenter: Sendable {
    /// The input and mask size in pixels (256 for DFL's XSeg).
    var resolution: Int { get }
    /// Masks of `faces` (R×R float32 BGR in [0, 1]), in order.
    func masks(_ faces: [Image]) throws -> [Image]
}

/// A ×4 super-resolution network as the merger runs it (DFL's FaceEnhancer; Masque's is
/// Real-ESRGAN): R×R faces in, 4R×4R faces out, float32 BGR in [0, 1].
public protocol FaceEnhancer: Sendable {
    /// The faces enlarged ×4, in order.
    func enhanced(_ faces: [Image]) throws -> [Image]
}
