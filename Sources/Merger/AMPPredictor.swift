import FaceGeometry
import Foundation
import Imaging
import Models
import Tensors

/// A trained AMP model as the merger's predictor: DFL's `AE_merge` at a fixed morph value (the
/// merger's "Morph factor", 0–1) on a batch of frame faces, on `device`.
public struct AMPPredictor: FacePredictor, @unchecked Sendable {
    public let model: AMPModel
    /// The share of `inter_src`'s channels in the swap's code.
    public let morph: Double
    public let device: Device
    /// Faces run through the network at once.
    public var batchSize = 16

    public init(model: AMPModel, morph: Double, device: Device = .cpu) throws {
        self.model = model
        self.morph = morph
        self.device = device
        try model.network.move(to: device)
    }

    public var resolution: Int { model.network.dimensions.resolution }
    public var faceType: FaceType { model.faceType }

    public func predict(_ faces: [Image]) throws -> [PredictedFace] {
        var predictions: [PredictedFace] = []
        for start in stride(from: 0, to: faces.count, by: batchSize) {
            let chunk = Array(faces[start..<min(start + batchSize, faces.count)])
            let batch = try ImageBatch.tensor(chunk, resolution: resolution, channels: 3).to(device: device)
            let (face, mask, destinationMask) = withoutGradients { model.network.swap(batch, morph: morph) }
            predictions += try PredictedFace.batch(face: face, mask: mask, destinationMask: destinationMask)
        }
        return predictions
    }
}

extension PredictedFace {
    /// The predictions of one network batch: (N, 3, R, R) faces and (N, 1, R, R) masks, clamped to [0, 1].
    static func batch(face: Tensor, mask: Tensor, destinationMask: Tensor) throws -> [PredictedFace] {
        let (faces, masks, destinationMasks) = (try ImageBatch.images(face.clamped(0, 1)), try ImageBatch.images(mask.clamped(0, 1)),
                                                try ImageBatch.images(destinationMask.clamped(0, 1)))
        return faces.indices.map { PredictedFace(face: faces[$0], predictedMask: masks[$0], destinationMask: destinationMasks[$0]) }
    }
}
