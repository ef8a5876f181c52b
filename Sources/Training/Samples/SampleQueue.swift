import Foundation
import Support

/// Batches of a faceset made on a background thread into a bounded queue (DFL's sample generators
/// with their worker processes), so a training step never waits for decoding, warping and
/// augmenting when the producer keeps up. Batch `k` draws its samples and random transforms from
/// a generator seeded with (`seed`, `k`), so the same seed gives the same batches whatever the
/// threads do, and a resumed run continues the sequence from its iteration.
public final class SampleQueue: @unchecked Sendable {
    private let samples: [TrainingSample]
    /// The faces a colour transfer recolours towards (dst's, for src with `ct_mode`).
    private let colorReferences: [TrainingSample]
    private let processor: any SampleProcessing
    private let picker: SamplePicker
    private let batchSize: Int
    private let seed: UInt64
    private let capacity: Int
    private let condition = NSCondition()
    private var ready: [Int: Result<TrainingBatch, any Error>] = [:]
    private var nextToMake: Int
    private var nextToTake: Int
    private var stopped = false
    /// Seconds `next()` waited for a batch in all: how far the producer fell behind.
    public private(set) var secondsWaited = 0.0

    /// A queue of batches `first`, `first + 1`, … of `batchSize` samples each, at most
    /// `capacity` made ahead on a background thread; with `background` false there is no such
    /// thread and batches are made only when asked for by number (`batch(_:)`, for a stream only
    /// previews read). Each face is recoloured towards a random one of `colorReferences` when
    /// there are any.
    public init(samples: [TrainingSample], processor: any SampleProcessing, batchSize: Int, seed: UInt64, first: Int = 0,
                capacity: Int = 4, colorReferences: [TrainingSample] = [], background: Bool = true) {
        precondition(!samples.isEmpty && batchSize > 0, "SampleQueue: no samples or a batch of 0")
        self.samples = samples
        self.colorReferences = colorReferences
        self.processor = processor
        picker = processor.uniformYaw ? SamplePicker(yawOf: samples) : SamplePicker(count: samples.count)
        self.batchSize = batchSize
        self.seed = seed
        self.capacity = capacity
        nextToMake = first
        nextToTake = first
        guard background else { return }
        let thread = Thread { [self] in produce() }
        thread.name = "masque.samples"
        thread.start()
    }

    deinit { stop() }

    /// Batch number `index`, made directly (the queue's producer makes the same).
    public func batch(_ index: Int) throws -> TrainingBatch {
        var random = SeededRandom(seed: seed, stream: UInt64(index))
        let picks = (0..<batchSize).map { _ in picker.pick(using: &random) }
        let seeds = (0..<batchSize).map { _ in random.next() }
        let references = colorReferences.isEmpty ? [] : (0..<batchSize).map { _ in Int.random(in: 0..<colorReferences.count, using: &random) }
        return try Self.make(processor, samples: picks.map { samples[$0] }, seeds: seeds,
                             references: references.map { colorReferences[$0] })
    }

    /// `processor`'s batch of `samples`, each processed on its own core with its own seed.
    private static func make<Processor: SampleProcessing>(_ processor: Processor, samples: [TrainingSample], seeds: [UInt64],
                                                           references: [TrainingSample]) throws -> TrainingBatch {
        let outputs = try ParallelMap.map(samples.count) { slot throws -> Processor.Output in
            var sampleRandom = SeededRandom(seed: seeds[slot], stream: 0)
            return try processor.process(samples[slot], colorReference: references.isEmpty ? nil : references[slot], using: &sampleRandom)
        }
        return try processor.batch(outputs)
    }

    /// The next batch in order; waits while the producer makes it. Only for a queue made with
    /// `background` on.
    public func next() throws -> TrainingBatch {
        let start = Date()
        condition.lock()
        defer { condition.unlock() }
        while ready[nextToTake] == nil { condition.wait() }
        secondsWaited += Date().timeIntervalSince(start)
        let result = ready.removeValue(forKey: nextToTake)!
        nextToTake += 1
        condition.broadcast()
        return try result.get()
    }

    /// Stops the producer thread.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce() {
        while true {
            condition.lock()
            while !stopped && nextToMake - nextToTake >= capacity { condition.wait() }
            if stopped { condition.unlock(); return }
            let index = nextToMake
            nextToMake += 1
            condition.unlock()
            let made = Result { try batch(index) }
            condition.lock()
            ready[index] = made
            condition.broadcast()
            condition.unlock()
        }
    }
}
