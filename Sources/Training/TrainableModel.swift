import FaceGeometry
import Foundation
import Imaging
import Support
import Tensors

/// A model the one `Trainer` trains (DFL's `ModelBase` subclasses): SAEHD and Quick96 now, XSeg
/// and AMP later. A model owns its networks, optimizer and options; the trainer owns the loop,
/// the samples, saves, previews and the loss history.
public protocol TrainableModel: AnyObject {
    /// DFL's model class name, as in its file names: `SAEHD`, `Quick96`.
    var kind: String { get }
    /// The options the model trains with, by DFL's names.
    var options: [String: OptionValue] { get }
    /// Faces per iteration.
    var batchSize: Int { get }
    /// Where the model computes; the trainer's batches (made on the CPU) are moved there.
    var device: Device { get }
    /// Whether the optimizer state lives on `device` too (DFL's `models_opt_on_gpu`).
    var optimizerOnDevice: Bool { get }
    /// Moves the networks to `device` and the optimizer state there too or, when
    /// `optimizerOnDevice` is false, to the CPU. Throws when the device is missing or full.
    func place(on device: Device, optimizerOnDevice: Bool) throws
    /// How the faces of src (`source` true) or dst are prepared for this model.
    func sampleProcessor(source: Bool) -> SampleProcessor
    /// One training step; returns the batch means of DFL's src and dst losses.
    func train(source: TrainingBatch, destination: TrainingBatch) throws -> (source: Float, destination: Float)
    /// DFL's preview columns for the first faces of the batches, one row per face: src,
    /// src→src, dst, dst→dst, src→dst (the swap of the dst face), BGR float32.
    func preview(source: TrainingBatch, destination: TrainingBatch) throws -> [[Image]]
    /// Saves the weights, optimizer state and `state` into `folder` through the atomic writer.
    func save(to folder: URL, state: TrainingState) throws
    /// Loads the weights and optimizer state of the save in `folder`; returns its state.
    func restore(from folder: URL) throws -> TrainingState
    /// What the model keeps in memory besides activations, in float32 values: its weights (each
    /// trained weight also gets a gradient) and its optimizers' state.
    var memoryFootprint: (weights: Int, optimizerState: Int) { get }
    /// The forward pass and losses of one training step, without backward pass or update: what
    /// the memory estimate measures.
    func trainingForward(source: TrainingBatch, destination: TrainingBatch)
    /// After a collapse: turns on the next safer setting (SAEHD: gradient clipping) and says what
    /// changed; nil when nothing is left to turn on.
    func makeSafer() -> String?
}

/// What a save keeps besides the weights: DFL's `data.dat` content in Masque's JSON.
public struct TrainingState: Codable, Sendable, Equatable {
    /// DFL's model class name.
    public var kind: String
    /// Iterations done.
    public var iteration: Int
    /// The options, by DFL's names.
    public var options: [String: OptionValue]
    /// Per iteration: [src loss, dst loss].
    public var lossHistory: [[Float]]
    /// The seed the sample batches are drawn from.
    public var seed: UInt64

    public init(kind: String, iteration: Int = 0, options: [String: OptionValue], lossHistory: [[Float]] = [], seed: UInt64) {
        self.kind = kind
        self.iteration = iteration
        self.options = options
        self.lossHistory = lossHistory
        self.seed = seed
    }
}
