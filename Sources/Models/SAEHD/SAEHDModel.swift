import FaceGeometry
import Foundation
import Imaging
import NN
import Support
import Tensors
import Training

/// SAEHD (and Quick96, its fixed configuration) as a `TrainableModel`: the network of
/// `SAEHDNetwork`, one `SAEHDTrainingStep` per iteration, saved as a checkpoint folder
/// (`weights.safetensors`, `optimizer.safetensors`, `state.json`, and a pair of files per
/// discriminator that is on: `code_discriminator.*`, `GAN.*`).
public final class SAEHDModel: SwapTrainableModel {
    public let kind: String
    public private(set) var options: [String: OptionValue]
    public let network: SAEHDNetwork
    public let step: SAEHDTrainingStep
    public let faceType: FaceType
    public let batchSize: Int
    public let lossNames = ["src_loss", "dst_loss"]
    public private(set) var device: Device = .cpu
    public private(set) var optimizerOnDevice = true

    /// An SAEHD model with resolved `options` (`SAEHDOptions.resolve`), weights from `generator`.
    public init(options: [String: OptionValue], generator: Generator? = nil) throws {
        let (architecture, dimensions) = try SAEHDOptions.network(options)
        guard let faceType = options["face_type"]?.stringValue.flatMap(FaceType.init(option:)) else {
            throw OptionError("face_type '\(options["face_type"] ?? .string(""))' is not h, mf, f, wf or head")
        }
        kind = "SAEHD"
        self.options = options
        self.faceType = faceType
        batchSize = max(1, options["batch_size"]?.intValue ?? 4)
        network = SAEHDNetwork(architecture: architecture, dimensions: dimensions, generator: generator)
        step = SAEHDTrainingStep(network: network, options: options, generator: generator)
    }

    /// A model of these parts (Quick96 builds its fixed configuration through this).
    init(kind: String, options: [String: OptionValue], faceType: FaceType, batchSize: Int, network: SAEHDNetwork,
         step: SAEHDTrainingStep) {
        self.kind = kind
        self.options = options
        self.faceType = faceType
        self.batchSize = batchSize
        self.network = network
        self.step = step
    }

    /// DFL's sample options (§5.4): warp, flips, `random_hsv_power` on src's input, uniform yaw,
    /// `ct_mode` on src faces; in pretraining warp off, both flips on, no HSV shift or colour transfer, and uniform yaw on, whatever is stored.
    public func sampleProcessor(source: Bool) -> SampleProcessor {
        let pretrain = options["pretrain"] == .bool(true)
        return SampleProcessor(resolution: network.dimensions.resolution, faceType: faceType,
                               randomWarp: !pretrain && options["random_warp"] != .bool(false),
                               randomFlip: pretrain || options[source ? "random_src_flip" : "random_dst_flip"] == .bool(true),
                               hsvPower: source && !pretrain ? options["random_hsv_power"]?.doubleValue ?? 0 : 0,
                               uniformYaw: pretrain || options["uniform_yaw"] == .bool(true),
                               colorTransfer: source && !pretrain ? options["ct_mode"]?.stringValue.flatMap(ColorTransfer.init(rawValue:)) : nil,
                               defaultMask: DefaultFaceMask(options: options))
    }

    /// One step on a src and a dst batch; returns the batch means of src_loss and dst_loss.
    public func train(_ batches: [TrainingBatch]) throws -> [Float] {
        let (source, destination) = try step(source: side(batches[0]), destination: side(batches[1]))
        return [source, destination]
    }

    public func trainingForward(_ batches: [TrainingBatch]) {
        _ = step.losses(source: side(batches[0]), destination: side(batches[1]))
    }

    /// DFL's SAEHD preview of a src and a dst batch: src, src→src, dst, dst→dst, src→dst (the dst
    /// face swapped), for up to four faces, the predicted faces from the unwarped targets.
    public func preview(_ batches: [TrainingBatch]) throws -> [[Image]] {
        let (source, destination) = (batches[0].target!, batches[1].target!)
        let count = min(4, source.shape[0], destination.shape[0])
        let outputs = withoutGradients { network(source: source.to(device: device), destination: destination.to(device: device)) }
        return try (0..<count).map { i in
            try [source, outputs.sourceFace, destination, outputs.destinationFace, outputs.swappedFace!]
                .map { try Image(tensor: $0.slice(0, i, i + 1)) }
        }
    }

    public var autoencoder: Module { network }
    public var resolution: Int { network.dimensions.resolution }
    public var autoencoderOptimizer: Optimizer { step.optimizer }
    public var optimizers: [Optimizer] { step.optimizers }
    public var discriminators: [CheckpointPart] { step.critics.checkpointParts }

    public func placed(on device: Device, optimizerOnDevice: Bool) {
        self.device = device
        self.optimizerOnDevice = optimizerOnDevice
    }

    public func changeOption(_ name: String, to value: OptionValue) {
        options[name] = value
    }
}
