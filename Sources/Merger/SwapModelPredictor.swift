import FaceGeometry
import Foundation
import Imaging
import Models
import Tensors

/// A trained SAEHD or Quick96 model as the merger's predictor: DFL's `AE_merge` (the swap path
/// alone, `SAEHDNetwork.swap`) on a batch of frame faces, on `device`.
public struct SwapModelPredictor: FacePredictor, @unchecked Sendable {
    public let model: SAEHDModel
    public let device: Device
    /// Faces run through the network at once.
    public var batchSize = 16

    public init(model: SAEHDModel, device: Device = .cpu) throws {
        self.model = model
        self.device = device
        try model.network.move(to: device)
    }

    public var resolution: Int { model.network.dimensions.resolution }
    public var faceType: FaceType { model.faceType }

    public func predict(_ faces: [Image]) throws -> [PredictedFace] {
        guard !faces.isEmpty else { return [] }
        var predictions: [PredictedFace] = []
        for start in stride(from: 0, to: faces.count, by: batchSize) {
            let chunk = Array(faces[start..<min(start + batchSize, faces.count)])
            let batch = try ImageBatch.tensor(chunk, resolution: resolution, channels: 3).to(device: device)
            let (face, mask, destinationMask) = withoutGradients { model.network.swap(batch) }
            let faces = try ImageBatch.images(face.clamped(0, 1))
            let masks = try ImageBatch.images(mask.clamped(0, 1))
            let destinationMasks = try ImageBatch.images(destinationMask.clamped(0, 1))
            for index in chunk.indices {
                predictions.append(PredictedFace(face: faces[index], predictedMask: masks[index], destinationMask: destinationMasks[index]))
            }
        }
        return predictions
    }
}

/// An XSeg model as the merger's segmenter (DFL's `XSegNet.extract`), on `device`.
public struct XSegSegmenter: FaceSegmenter, @unchecked Sendable {
    public let model: XSegModel
    public let device: Device

    public init(model: XSegModel, device: Device = .cpu) throws {
        self.model = model
        self.device = device
        try model.network.move(to: device)
    }

    public var resolution: Int { model.network.resolution }

    public func masks(_ faces: [Image]) throws -> [Image] {
        guard !faces.isEmpty else { return [] }
        let batch = try ImageBatch.tensor(faces, resolution: resolution, channels: 3).to(device: device)
        return try ImageBatch.images(model.masks(batch))
    }
}

/// Images to and from the networks' NCHW float32 batches.
enum ImageBatch {
    /// `images` (each `resolution`², `channels`, float32) as one (N, C, R, R) tensor on the CPU.
    static func tensor(_ images: [Image], resolution: Int, channels: Int) throws -> Tensor {
        for image in images {
            precondition(image.width == resolution && image.height == resolution && image.channels == channels && image.format == .float32,
                         "ImageBatch: a \(image.width)x\(image.height)x\(image.channels) \(image.format) image for a \(resolution)² \(channels)-channel float32 batch")
        }
        return Tensor.cat(try images.map { try $0.tensor() }, dim: 0)
    }

    /// The images of an (N, C, H, W) tensor, float32, clamped to [0, 1].
    static func images(_ tensor: Tensor) throws -> [Image] {
        let cpu = tensor.to(device: .cpu)
        return try (0..<cpu.shape[0]).map { try Image(tensor: cpu.slice(0, $0, $0 + 1)) }
    }
}
