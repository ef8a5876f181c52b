import Foundation
import Imaging
import Support

/// The one training loop (DFL's `ModelBase.train_one_iter` and `main.py train`): batches from
/// background `SampleQueue`s, one model step per iteration, DFL's progress line, a preview PNG
/// with the loss graph every `previewEvery` iterations and at each save, a save through the
/// atomic writer every `saveEvery` iterations, and a clean stop: at `targetIteration`, after
/// `iterations` more steps, or at the first Ctrl-C (saved; a second Ctrl-C exits at once and the
/// last complete save stays). A NaN or infinite loss stops without saving over the last save.
public final class Trainer {
    /// How long to train and how often to save and preview.
    public struct Settings: Sendable {
        /// Stop (after saving) once this iteration is reached; nil: DFL's `target_iter` 0, never.
        public var targetIteration: Int?
        /// Stop after this many more iterations; nil: no limit.
        public var iterations: Int?
        /// Iterations between saves.
        public var saveEvery: Int
        /// Iterations between previews.
        public var previewEvery: Int

        public init(targetIteration: Int? = nil, iterations: Int? = nil, saveEvery: Int = 500, previewEvery: Int = 100) {
            self.targetIteration = targetIteration
            self.iterations = iterations
            self.saveEvery = max(1, saveEvery)
            self.previewEvery = max(1, previewEvery)
        }
    }

    /// Why training stopped.
    public enum Stop: Sendable, Equatable {
        case reachedTarget, ranIterations, interrupted
    }

    /// What the trainer reports as it goes.
    public enum Event: Sendable {
        /// One iteration: its number, milliseconds, src and dst loss.
        case step(iteration: Int, milliseconds: Double, source: Float, destination: Float)
        /// A save finished.
        case saved(iteration: Int, folder: URL)
        /// A preview was written.
        case preview(URL)
    }

    public let model: any TrainableModel
    /// The model's save folder (a Checkpoint folder).
    public let folder: URL
    /// The preview PNG, rewritten at each preview.
    public let previewFile: URL
    public private(set) var state: TrainingState
    private let sourceQueue: SampleQueue
    private let destinationQueue: SampleQueue
    private let settings: Settings

    public init(model: any TrainableModel, source: [TrainingSample], destination: [TrainingSample], folder: URL,
                previewFile: URL, state: TrainingState, settings: Settings) {
        self.model = model
        self.folder = folder
        self.previewFile = previewFile
        self.state = state
        self.settings = settings
        sourceQueue = SampleQueue(samples: source, processor: model.sampleProcessor(source: true), batchSize: model.batchSize,
                                  seed: state.seed, first: state.iteration)
        destinationQueue = SampleQueue(samples: destination, processor: model.sampleProcessor(source: false),
                                       batchSize: model.batchSize, seed: state.seed ^ 0xD57_D57, first: state.iteration)
    }

    deinit {
        sourceQueue.stop()
        destinationQueue.stop()
    }

    /// Seconds the steps waited for sample batches in all.
    public var secondsWaitingForSamples: Double { sourceQueue.secondsWaited + destinationQueue.secondsWaited }

    /// Trains until a stop condition; saves before returning.
    public func run(_ events: (Event) -> Void = { _ in }) throws -> Stop {
        let started = state.iteration
        return try InterruptGuard.shared.observing { () throws -> Stop in
            while true {
                if let target = settings.targetIteration, state.iteration >= target {
                    try save(events)
                    return .reachedTarget
                }
                if let count = settings.iterations, state.iteration - started >= count {
                    try save(events)
                    return .ranIterations
                }
                if InterruptGuard.shared.isInterrupted {
                    try save(events)
                    return .interrupted
                }
                let source = try sourceQueue.next(), destination = try destinationQueue.next()
                let clock = Date()
                let (sourceLoss, destinationLoss) = try model.train(source: source, destination: destination)
                let milliseconds = Date().timeIntervalSince(clock) * 1000
                guard sourceLoss.isFinite, destinationLoss.isFinite else {
                    throw TrainingError("the loss became \(sourceLoss.isFinite ? destinationLoss : sourceLoss) at iteration \(state.iteration + 1); nothing was saved over \(folder.path): train again from it with clipgrad on (--options)")
                }
                state.iteration += 1
                state.lossHistory.append([sourceLoss, destinationLoss])
                events(.step(iteration: state.iteration, milliseconds: milliseconds, source: sourceLoss, destination: destinationLoss))
                if state.iteration % settings.previewEvery == 0 { try writePreview(source: source, destination: destination, events) }
                if state.iteration % settings.saveEvery == 0 { try save(events) }
            }
        }
    }

    /// Saves the model and writes a preview of the next batches.
    private func save(_ events: (Event) -> Void) throws {
        try model.save(to: folder, state: state)
        events(.saved(iteration: state.iteration, folder: folder))
        try writePreview(source: try sourceQueue.batch(state.iteration), destination: try destinationQueue.batch(state.iteration), events)
    }

    private func writePreview(source: TrainingBatch, destination: TrainingBatch, _ events: (Event) -> Void) throws {
        let rows = try model.preview(source: source, destination: destination)
        let image = TrainingPreview.image(rows: rows, lossHistory: state.lossHistory, iteration: state.iteration)
        try image.converted(to: .uint8).write(to: previewFile, as: .png(compressionLevel: 3))
        events(.preview(previewFile))
    }
}

/// A training failure a user can act on.
public struct TrainingError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
