import Foundation
import NN
import Support
import Tensors
import Training

/// What SAEHD (with Quick96) and AMP share as `TrainableModel`s, the glue DFL's `ModelBase`
/// gives both swap models: DFL's two sample streams, placing, the memory figures, blank batches,
/// saving and loading the autoencoder with its discriminators, the data-parallel start and the
/// collapse remedy (gradient clipping). Each model gives its parts; the step, preview and
/// sample options stay its own.
public protocol SwapTrainableModel: TrainableModel {
    /// The autoencoder (saved as `weights.safetensors`).
    var autoencoder: Module { get }
    /// Face side in pixels.
    var resolution: Int { get }
    /// The autoencoder's optimizer (saved as `optimizer.safetensors`).
    var autoencoderOptimizer: Optimizer { get }
    /// Every optimizer: the autoencoder's, then the discriminators'.
    var optimizers: [Optimizer] { get }
    /// The discriminators that are on, each saved beside the autoencoder.
    var discriminators: [CheckpointPart] { get }
    /// DFL's sample options for the src (`source`) or the dst stream.
    func sampleProcessor(source: Bool) -> SampleProcessor
    /// Records where `place` put the model.
    func placed(on device: Device, optimizerOnDevice: Bool)
    /// Records an option the model changed itself (`makeSafer`).
    func changeOption(_ name: String, to value: OptionValue)
}

extension SwapTrainableModel {
    /// DFL's two training streams: src faces (recoloured towards dst's with `ct_mode`) and dst faces.
    public func sampleStreams(source: TrainingFaceset, destination: TrainingFaceset) throws -> [SampleStream] {
        let colorTransfer = sampleProcessor(source: true).colorTransfer != nil
        return [SampleStream(samples: source.samples, processor: sampleProcessor(source: true),
                             colorReferences: colorTransfer ? destination.samples : []),
                SampleStream(samples: destination.samples, processor: sampleProcessor(source: false))]
    }

    public func place(on device: Device, optimizerOnDevice: Bool) throws {
        try autoencoder.move(to: device)
        for part in discriminators { try part.module.move(to: device) }
        for optimizer in optimizers { try optimizer.moveState(to: optimizerOnDevice ? device : .cpu) }
        placed(on: device, optimizerOnDevice: optimizerOnDevice)
    }

    /// A src or dst batch as the step reads it, on the model's device.
    func side(_ batch: TrainingBatch) -> SAEHDTrainingStep.Side {
        SAEHDTrainingStep.Side(batch, on: device)
    }

    public var memoryFootprint: (weights: Int, optimizerState: Int) {
        let critics = discriminators.map(\.module.parameterCount).reduce(0, +)
        return (autoencoder.parameterCount + critics, optimizers.map(\.stateElementCount).reduce(0, +))
    }

    public func blankBatches(count: Int) -> [TrainingBatch] {
        [TrainingBatch.blank(count: count, resolution: resolution), TrainingBatch.blank(count: count, resolution: resolution)]
    }

    public func save(to folder: URL, state: TrainingState) throws {
        try Checkpoint.save(model: autoencoder, optimizer: autoencoderOptimizer, parts: discriminators, state: state, to: folder)
    }

    public func restore(from folder: URL) throws -> TrainingState {
        try load(from: folder)
    }

    /// Loads a save into this model; returns its state. Throws when the save belongs to another
    /// kind of model or its weights do not fit these options.
    public func load(from folder: URL) throws -> TrainingState {
        let state = try Checkpoint.load(TrainingState.self, into: autoencoder, optimizer: autoencoderOptimizer, parts: discriminators,
                                        from: folder)
        guard state.kind == kind else {
            throw TrainingError("\(folder.path) holds a \(state.kind) model, not \(kind): give its folder to masque train \(state.kind.lowercased()), or another --model-dir")
        }
        return state
    }

    public func broadcastState(from root: Int, over group: ProcessGroup) throws {
        try group.broadcast(modules: [autoencoder] + discriminators.map(\.module), optimizers: optimizers, from: root)
    }

    /// Turns on gradient clipping (DFL's `clipgrad`, global norm 1) when it is off.
    public func makeSafer() -> String? {
        guard autoencoderOptimizer.rules.clipNorm == nil else { return nil }
        for optimizer in optimizers { optimizer.rules.clipNorm = 1 }
        changeOption("clipgrad", to: .bool(true))
        return "clipgrad on"
    }
}
