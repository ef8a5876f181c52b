import FaceGeometry
import Foundation
import Imaging
import Models
import Tensors

/// A `.dfm` file (DeepFaceLive's swap model, SAEHD or AMP) as the merger's predictor, run by
/// Masque's ONNX runner: frame faces in, DFL's three outputs out; AMP files at `morph`.
public struct DFMPredictor: FacePredictor, @unchecked Sendable {
    public let model: DFMModel
    /// The morph value fed to AMP files (0–1).
    public let morph: Double
    /// Faces run through the network at once.
    public var batchSize = 16

    public init(model: DFMModel, morph: Double) {
        self.model = model
        self.morph = morph
    }

    public var resolution: Int { model.resolution }
    public var faceType: FaceType { model.faceType }

    public func predict(_ faces: [Image]) throws -> [PredictedFace] {
        var predictions: [PredictedFace] = []
        for start in stride(from: 0, to: faces.count, by: batchSize) {
            let chunk = Array(faces[start..<min(start + batchSize, faces.count)])
            let batch = try ImageBatch.tensor(chunk, resolution: resolution, channels: 3)
            let (face, mask, destinationMask) = try model.swap(batch, morph: morph)
            predictions += try PredictedFace.batch(face: face, mask: mask, destinationMask: destinationMask)
        }
        return predictions
    }
}
