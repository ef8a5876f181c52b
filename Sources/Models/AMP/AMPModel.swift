import FaceGeometry
import Foundation
import Imaging
import NN
import Support
import Tensors
import Training

/// AMP as a `TrainableModel`: the network of `AMPNetwork`, one `AMPTrainingStep` per iteration,
/// saved as a checkpoint folder (`weights.safetensors`, `optimizer.safetensors`, `state.json`,
/// and `GAN.*` while `gan_power` is on).
public final class AMPModel: SwapTrainableModel {
    /// DFL's class name.
    public static let className = "AMP"
    /// The morph values of DFL's "AMP morph list" preview.
    public static let previewMorphValues = [0.25, 0.5, 0.65, 0.75, 1.0]

    public let kind = AMPModel.className
    public private(set) var options: [String: OptionValue]
    public let network: AMPNetwork
    public let step: AMPTrainingStep
    public let faceType: FaceType
    public let batchSize: Int
    public let lossNames = ["src_loss", "dst_loss"]
    public private(set) var device: Device = .cpu
    public private(set) var optimizerOnDevice = true

    /// An AMP model with resolved `options` (`AMPOptions.resolve`), weights from `generator`.
    public init(options: [String: OptionValue], generator: Generator? = nil) throws {
        let dimensions = try AMPOptions.dimensions(options)
        guard let faceType = options["face_type"]?.stringValue.flatMap(FaceType.init(option:)),
              [.full, .wholeFace, .head].contains(faceType) else {
            throw OptionError("face_type '\(options["face_type"] ?? .string(""))' is not f, wf or head (AMP's face types)")
        }
        self.options = options
        self.faceType = faceType
        batchSize = max(1, options["batch_size"]?.intValue ?? 8)
        network = AMPNetwork(dimensions: dimensions, generator: generator)
        step = AMPTrainingStep(network: network, options: options, generator: generator)
    }

    /// DFL's sample options for AMP (§5.4, §6.1): warp, flips, uniform yaw, `ct_mode` on src faces.
    public func sampleProcessor(source: Bool) -> SampleProcessor {
        SampleProcessor(resolution: network.dimensions.resolution, faceType: faceType,
                        randomWarp: options["random_warp"] != .bool(false),
                        randomFlip: options[source ? "random_src_flip" : "random_dst_flip"] == .bool(true),
                        uniformYaw: options["uniform_yaw"] == .bool(true),
                        colorTransfer: source ? options["ct_mode"]?.stringValue.flatMap(ColorTransfer.init(rawValue:)) : nil,
                        defaultMask: DefaultFaceMask(options: options))
    }

    /// One step on a src and a dst batch; returns the batch means of src_loss and dst_loss.
    public func train(_ batches: [TrainingBatch]) throws -> [Float] {
        let (source, destination) = try step(source: side(batches[0]), destination: side(batches[1]))
        return [source, destination]
    }

    public func trainingForward(_ batches: [TrainingBatch]) {
        let source = side(batches[0])
        _ = step.losses(source: source, destination: side(batches[1]),
                        morphMask: network.morphMask(count: source.warped.shape[0], factor: step.morphFactor))
    }

    /// DFL's AMP previews in one row per face (up to four): src, src→src, dst, dst→dst, then dst
    /// swapped at morph 0.25, 0.5, 0.65, 0.75 and 1.0 (DFL's "AMP morph list"), from the
    /// unwarped targets; src→src with src's full code (`inter_src`), as at morph 1.
    public func preview(_ batches: [TrainingBatch]) throws -> [[Image]] {
        let (source, destination) = (batches[0].target!, batches[1].target!)
        let count = min(4, source.shape[0], destination.shape[0])
        let tiles = withoutGradients { () -> [Tensor] in
            let ones = Tensor.ones([source.shape[0], network.dimensions.inter, 1, 1])
            let outputs = network(source: source.to(device: device), destination: destination.to(device: device), morphMask: ones)
            let swaps = network.swaps(destination.to(device: device), morphValues: Self.previewMorphValues)
            return [source, outputs.sourceFace, destination, outputs.destinationFace] + swaps.dropLast().map(\.face)
        }
        return try (0..<count).map { i in try tiles.map { try Image(tensor: $0.slice(0, i, i + 1).clamped(0, 1)) } }
    }

    public var autoencoder: Module { network }
    public var resolution: Int { network.dimensions.resolution }
    public var autoencoderOptimizer: Optimizer { step.optimizer }
    public var optimizers: [Optimizer] { step.optimizers }
    public var discriminators: [CheckpointPart] { step.checkpointParts }

    public func placed(on device: Device, optimizerOnDevice: Bool) {
        self.device = device
        self.optimizerOnDevice = optimizerOnDevice
    }

    public func changeOption(_ name: String, to value: OptionValue) {
        options[name] = value
    }
}
