import Foundation
import Imaging
import Support
import Tensors

/// The one training loop (DFL's `ModelBase.train_one_iter` and `main.py train`): one `SampleQueue`
/// per sample stream of the model (training streams made ahead in the background), one model
/// step per iteration on a batch of each training stream, DFL's progress line, a preview PNG
/// with the loss graph every `previewEvery` iterations and at each save, a save through the
/// atomic writer every `saveEvery` iterations, and a clean stop: at `targetIteration`, after
/// `iterations` more steps, or at the first Ctrl-C (saved; a second Ctrl-C exits at once and the
/// last complete save stays).
///
/// Data-parallel (`ProcessGroup.current` set): the model's batch size is the global batch, and
/// every rank draws its own share of it (`batchShare`, the seed mixed with its rank), the optimizers average the gradients, the losses are averaged over the ranks
/// (so all ranks agree on collapses), and rank 0 alone writes saves, previews and the history;
/// the other ranks wait at each save until it is complete. Every rank starts from rank 0's
/// weights and optimizer state (`TrainableModel.broadcastState`), and a rollback restores rank
/// 0's save on rank 0 and sends it to the others the same way: only rank 0 reads or writes the
/// model folder (`TrainingRequest` sends the others the model to start from as a save), so ranks
/// on other machines need no shared disk.
///
/// Rollback: a loss that is NaN or infinite, or more than `collapseFactor` times the median of
/// its own last 50 values (once 50 are known), is a collapse. The trainer then turns on the
/// model's next safer setting (`makeSafer`, SAEHD: clipgrad), restores the last save, says so
/// (`Event.rolledBack`) and goes on; a second collapse before the next save, or one with no save
/// to go back to, stops with an error and the last save intact.
public final class Trainer {
    /// How long to train and how often to save and preview.
    public struct Settings: Sendable {
        /// Stop (after saving) once this iteration is reached; nil: DFL's `target_iter` 0, never.
        public var targetIteration: Int?
        /// Stop after this many more iterations; nil: no limit.
        public var iterations: Int?
        /// Iterations between saves, 1 or more.
        public var saveEvery: Int
        /// Iterations between previews, 1 or more.
        public var previewEvery: Int
        /// Seconds between autobackups at saves (DFL's `autobackup_hour` × 3600); nil: none.
        public var autobackupEvery: TimeInterval?
        /// Iterations between preview-history images (DFL's `write_preview_history`); nil: none.
        public var previewHistoryEvery: Int?
        /// Stop (after saving) once this many seconds of training have passed; nil: no limit.
        public var timeLimit: TimeInterval?

        public init(targetIteration: Int? = nil, iterations: Int? = nil, saveEvery: Int = 500, previewEvery: Int = 100,
                    autobackupEvery: TimeInterval? = nil, previewHistoryEvery: Int? = nil, timeLimit: TimeInterval? = nil) {
            self.timeLimit = timeLimit
            self.targetIteration = targetIteration
            self.iterations = iterations
            self.saveEvery = saveEvery
            self.previewEvery = previewEvery
            self.autobackupEvery = autobackupEvery
            self.previewHistoryEvery = previewHistoryEvery
        }
    }

    /// Why training stopped.
    public enum Stop: Sendable, Equatable {
        case reachedTarget, ranIterations, reachedTimeLimit, interrupted
    }

    /// What the trainer reports as it goes.
    public enum Event: Sendable {
        /// One iteration: its number, milliseconds, and the losses of the model's `lossNames`.
        case step(iteration: Int, milliseconds: Double, losses: [Float])
        /// A save finished.
        case saved(iteration: Int, folder: URL)
        /// A preview was written.
        case preview(URL)
        /// An autobackup was written into this folder.
        case backedUp(URL)
        /// A collapse at iteration `at` rolled the model back to the save of iteration `to`;
        /// `reason` says what the loss did, `change` what was turned on.
        case rolledBack(at: Int, to: Int, reason: String, change: String?)
    }

    /// How many times the median of the recent losses counts as a collapse.
    public static let collapseFactor: Float = 10

    public let model: any TrainableModel
    /// The model's save folder (a Checkpoint folder).
    public let folder: URL
    /// The preview PNG, rewritten at each preview.
    public let previewFile: URL
    public private(set) var state: TrainingState
    /// One queue per sample stream, in the model's order.
    private let queues: [SampleQueue]
    /// Which streams training steps read.
    private let trains: [Bool]
    private let settings: Settings
    /// Whether `folder` holds a save to roll back to.
    private var hasSave: Bool
    /// A collapse rolled back since the last save.
    private var rolledBackSinceSave = false
    /// The iteration the model and its state were last saved at, nil once a rollback changed them.
    private var savedIteration: Int?
    private var autobackup: Autobackup?
    /// The preview history's fixed faces (batch 0 of each stream), made at its first image.
    private var historyBatches: [TrainingBatch]?
    /// The data-parallel group this trainer runs in; nil when it trains alone.
    private let group: ProcessGroup?
    /// Whether this process writes saves, previews and the history (rank 0, or the only process).
    private var writes: Bool { (group?.rank ?? 0) == 0 }
    /// `<save folder>_history`: the preview history's JPEGs.
    public var historyFolder: URL {
        folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + "_history")
    }

    /// A trainer of `model` on its `streams` (`TrainableModel.sampleStreams`), alone or as one
    /// rank of `group`.
    public init(model: any TrainableModel, streams: [SampleStream], folder: URL, previewFile: URL, state: TrainingState,
                settings: Settings, group: ProcessGroup? = ProcessGroup.current) {
        self.model = model
        self.folder = folder
        self.previewFile = previewFile
        self.state = state
        precondition(settings.saveEvery > 0 && settings.previewEvery > 0, "Trainer: save and preview intervals must be 1 or more")
        self.settings = settings
        hasSave = PathKind.of(folder) == .folder
        autobackup = settings.autobackupEvery.map { Autobackup(saveFolder: folder, interval: $0, start: Date()) }
        precondition(streams.contains(where: \.trains), "Trainer: the model has no training stream")
        self.group = group
        let rankSeed = state.seed ^ UInt64(group?.rank ?? 0)
        queues = streams.enumerated().map { index, stream in
            SampleQueue(samples: stream.samples, processor: stream.processor,
                        batchSize: Self.batchShare(model.batchSize, rank: group?.rank ?? 0, worldSize: group?.worldSize ?? 1),
                        seed: rankSeed ^ (0xD57_D57 &* UInt64(index)), first: state.iteration,
                        colorReferences: stream.colorReferences, background: stream.trains)
        }
        trains = streams.map(\.trains)
    }

    deinit {
        for queue in queues { queue.stop() }
    }

    /// Seconds the steps waited for sample batches in all.
    public var secondsWaitingForSamples: Double { queues.map(\.secondsWaited).reduce(0, +) }

    /// Trains until a stop condition; saves before returning. Data-parallel, every rank first
    /// takes rank 0's weights and optimizer state, as DistributedDataParallel does.
    public func run(_ events: (Event) -> Void = { _ in }) throws -> Stop {
        if let group, group.worldSize > 1 {
            try model.broadcastState(from: 0, over: group)
            hasSave = try group.broadcast(hasSave ? "saved" : "", from: 0) == "saved"
        }
        let started = state.iteration
        let startTime = Date()
        return try InterruptGuard.shared.observing { () throws -> Stop in
            while true {
                if let stop = try agreed(stopReason(started: started, startTime: startTime)) {
                    try finalSave(events)
                    return stop
                }
                if writes, let every = settings.previewHistoryEvery, state.iteration % every == 0 { try writeHistory() }
                let batches = try zip(queues, trains).filter(\.1).map { try $0.0.next() }
                let clock = Date()
                let losses = try averagedOverRanks(try model.train(batches))
                let milliseconds = Date().timeIntervalSince(clock) * 1000
                if let reason = collapse(losses) {
                    try rollBack(reason: reason, events)
                    continue
                }
                state.iteration += 1
                state.lossHistory.append(losses)
                events(.step(iteration: state.iteration, milliseconds: milliseconds, losses: losses))
                if writes, state.iteration % settings.previewEvery == 0 {
                    var trained = batches.makeIterator()
                    let all = try zip(queues, trains).map { queue, trains in trains ? trained.next()! : try queue.batch(state.iteration) }
                    try writePreview(all, events)
                }
                if state.iteration % settings.saveEvery == 0 { try save(events) }
            }
        }
    }

    /// Rank `rank`'s share of a global batch of `batch` faces split over `worldSize` ranks as evenly
    /// as possible: the first `batch % worldSize` ranks take one more; at least 1 each.
    public static func batchShare(_ batch: Int, rank: Int, worldSize: Int) -> Int {
        max(1, batch / worldSize + (rank < batch % worldSize ? 1 : 0))
    }

    /// What a user should know when `batch` does not split evenly over `worldSize` workers, with
    /// DFL's rule for comparison (its multi-GPU batch is rounded down to a multiple of the GPU
    /// count, at least 1 per GPU); nil when it splits evenly.
    public static func batchSplitNote(_ batch: Int, worldSize: Int) -> String? {
        guard worldSize > 1, batch % worldSize != 0 else { return nil }
        let shares = (0..<worldSize).map { batchShare(batch, rank: $0, worldSize: worldSize) }
        let perGPU = max(1, batch / worldSize)
        let dfl = "DFL would make it \(perGPU * worldSize), \(perGPU) per GPU"
        if batch < worldSize {
            return "batch_size \(batch) is less than the \(worldSize) workers: each takes 1 face, a global batch of \(worldSize) (\(dfl))"
        }
        return "batch_size \(batch) is split over \(worldSize) workers as \(shares.map(String.init).joined(separator: ", ")) (\(dfl))"
    }

    /// Why training stops before the next step; nil to go on.
    private func stopReason(started: Int, startTime: Date) -> Stop? {
        if let limit = settings.timeLimit, Date().timeIntervalSince(startTime) >= limit { return .reachedTimeLimit }
        if let target = settings.targetIteration, state.iteration >= target { return .reachedTarget }
        if let count = settings.iterations, state.iteration - started >= count { return .ranIterations }
        return InterruptGuard.shared.isInterrupted ? .interrupted : nil
    }

    /// In a data-parallel run, stops every rank when any rank stops (a time limit or a Ctrl-C
    /// seen by one rank only), so no rank waits for a step the others never take.
    private func agreed(_ stop: Stop?) throws -> Stop? {
        guard let group, group.worldSize > 1 else { return stop }
        let votes = Tensor([stop == nil ? 0 : 1], shape: [1])
        try group.allReduceSum([votes])
        return votes.floats()[0] > 0 ? stop ?? .interrupted : nil
    }

    /// `losses` averaged over the ranks of the group (unchanged when training alone).
    private func averagedOverRanks(_ losses: [Float]) throws -> [Float] {
        guard let group, group.worldSize > 1, !losses.isEmpty else { return losses }
        let tensor = Tensor(losses, shape: [losses.count])
        try group.allReduceMean([tensor])
        return tensor.floats()
    }

    /// Why the losses of the step about to be counted are a collapse; nil when they are not.
    func collapse(_ losses: [Float]) -> String? {
        for (index, loss) in losses.enumerated() {
            let name = index < model.lossNames.count ? model.lossNames[index] : "loss \(index + 1)"
            guard loss.isFinite else { return "the \(name) became \(loss)" }
            let recent = state.lossHistory.suffix(50).compactMap { index < $0.count ? $0[index] : nil }
            guard recent.count == 50 else { continue }
            let median = recent.sorted()[25]
            if loss > Self.collapseFactor * median {
                return String(format: "the %@ jumped to %.4g, over %.0f× its recent median %.4g", name, loss, Self.collapseFactor, median)
            }
        }
        return nil
    }

    private func rollBack(reason: String, _ events: (Event) -> Void) throws {
        let at = state.iteration + 1
        guard hasSave else {
            throw TrainingError("\(reason) at iteration \(at), before the first save, so there is nothing to roll back to: train a new model with clipgrad on (--options)")
        }
        guard !rolledBackSinceSave else {
            throw TrainingError("\(reason) at iteration \(at), again right after a rollback; stopped, the save in \(folder.path) is intact: lower the batch size or dims, or turn off random_warp/lr_dropout, and train again")
        }
        let change = model.makeSafer()
        let restored = try restoreLastSave()
        state.iteration = restored.iteration
        state.lossHistory = restored.lossHistory
        state.options = model.options
        rolledBackSinceSave = true
        savedIteration = nil
        events(.rolledBack(at: at, to: restored.iteration, reason: reason, change: change))
    }

    /// The last save, restored: by this process alone, or data-parallel by rank 0, which then
    /// sends the others its restored weights, optimizer state and training state (a failure
    /// to restore stops every rank with rank 0's line).
    private func restoreLastSave() throws -> TrainingState {
        guard let group, group.worldSize > 1 else { return try model.restore(from: folder) }
        let restored = try group.onRankZero { String(decoding: try JSONEncoder().encode(try model.restore(from: folder)), as: UTF8.self) }
        try model.broadcastState(from: 0, over: group)
        return try JSONDecoder().decode(TrainingState.self, from: Data(restored.utf8))
    }

    /// The save when training stops, unless the iteration it stops at was just saved.
    private func finalSave(_ events: (Event) -> Void) throws {
        if savedIteration != state.iteration { try save(events) }
    }

    /// Saves the model and writes a preview of the next batches.
    private func save(_ events: (Event) -> Void) throws {
        if writes { try model.save(to: folder, state: state) }
        try group?.barrier()
        hasSave = true
        savedIteration = state.iteration
        rolledBackSinceSave = false
        guard writes else { return }
        events(.saved(iteration: state.iteration, folder: folder))
        try writePreview(try queues.map { try $0.batch(state.iteration) }, events)
        if let backup = try autobackup?.backUpIfDue(save: folder, preview: previewFile, now: Date()) { events(.backedUp(backup)) }
    }

    /// DFL's preview history: the preview of one fixed set of batches (batch 0 of each stream, so
    /// the images show the same faces) as `<save folder>_history/<iteration, 7 digits>.jpg`;
    /// a model starting at iteration 0 first clears what an earlier model left there.
    private func writeHistory() throws {
        let fileManager = FileManager.default
        if state.iteration == 0, PathKind.of(historyFolder) == .folder {
            for file in (try? fileManager.contentsOfDirectory(atPath: historyFolder.path)) ?? [] where file.hasSuffix(".jpg") {
                try? fileManager.removeItem(at: historyFolder.appendingPathComponent(file))
            }
        }
        do { try fileManager.createDirectory(at: historyFolder, withIntermediateDirectories: true) } catch {
            throw FileError.writeFailed(path: historyFolder.path, reason: FileError.reason(error))
        }
        let batches = try historyBatches ?? queues.map { try $0.batch(0) }
        historyBatches = batches
        let rows = try model.preview(batches)
        let image = TrainingPreview.image(rows: rows, lossHistory: state.lossHistory, iteration: state.iteration)
        try image.converted(to: .uint8).write(to: historyFolder.appendingPathComponent(String(format: "%07d.jpg", state.iteration)),
                                              as: .jpeg(quality: 95))
    }

    private func writePreview(_ batches: [TrainingBatch], _ events: (Event) -> Void) throws {
        let rows = try model.preview(batches)
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
