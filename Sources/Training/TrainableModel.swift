import FaceGeometry
import Foundation
import Imaging
import Support
import Tensors

/// A model the one `Trainer` trains (DFL's `ModelBase` subclasses): SAEHD, Quick96, AMP and XSeg. A
/// model owns its networks, optimizer and options and says which sample streams it reads; the
/// trainer owns the loop, the queues, saves, previews and the loss history.
public protocol TrainableModel: AnyObject {
    /// DFL's model class name, as in its file names: `SAEHD`, `Quick96`, `XSeg`.
    var kind: String { get }
    /// The options the model trains with, by DFL's names.
    var options: [String: OptionValue] { get }
    /// Faces per iteration (per training stream).
    var batchSize: Int { get }
    /// DFL's names of the losses `train` returns, in order: `src_loss`, `dst_loss` (SAEHD);
    /// `loss` (XSeg).
    var lossNames: [String] { get }
    /// Where the model computes; the trainer's batches (made on the CPU) are moved there.
    var device: Device { get }
    /// Whether the optimizer state lives on `device` too (DFL's `models_opt_on_gpu`).
    var optimizerOnDevice: Bool { get }
    /// Moves the networks to `device` and the optimizer state there too or, when
    /// `optimizerOnDevice` is false, to the CPU. Throws when the device is missing or full.
    func place(on device: Device, optimizerOnDevice: Bool) throws
    /// The streams of batches the model reads from the src and dst facesets (while pretraining,
    /// both are the pretraining faceset), training streams first. Throws one line naming the
    /// folders when they hold nothing the model can train on.
    func sampleStreams(source: TrainingFaceset, destination: TrainingFaceset) throws -> [SampleStream]
    /// One training step on one batch of each training stream (in stream order); returns the
    /// batch means of the losses named by `lossNames`.
    func train(_ batches: [TrainingBatch]) throws -> [Float]
    /// DFL's preview of one batch of every stream (in stream order): rows of equal-sized BGR
    /// float32 tiles, one row per face.
    func preview(_ batches: [TrainingBatch]) throws -> [[Image]]
    /// Saves the weights, optimizer state and `state` into `folder` through the atomic writer.
    func save(to folder: URL, state: TrainingState) throws
    /// Loads the weights and optimizer state of the save in `folder`; returns its state.
    func restore(from folder: URL) throws -> TrainingState
    /// Overwrites the weights and optimizer state (discriminators' included) with rank `root`'s,
    /// on every rank of `group`: a data-parallel run's start.
    func broadcastState(from root: Int, over group: ProcessGroup) throws
    /// What the model keeps in memory besides activations, in float32 values: its weights (each
    /// trained weight also gets a gradient) and its optimizers' state.
    var memoryFootprint: (weights: Int, optimizerState: Int) { get }
    /// Batches of `count` grey faces, one per training stream, shaped as the step reads them
    /// (for measuring memory, not training).
    func blankBatches(count: Int) -> [TrainingBatch]
    /// The forward pass and losses of one training step on `batches`, without backward pass or
    /// update: what the memory estimate measures.
    func trainingForward(_ batches: [TrainingBatch])
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
    /// Per iteration: the losses of `TrainableModel.lossNames` ([src loss, dst loss]; XSeg: [loss]).
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
