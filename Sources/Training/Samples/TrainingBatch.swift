import Foundation
import Imaging
import Support
import Tensors

/// One side (src or dst) of a training batch, NCHW float32 in 0…1, as DFL's generators yield it.
public struct TrainingBatch: @unchecked Sendable {
    /// The warped faces, (N, 3, R, R): the network's input.
    public var warped: Tensor
    /// The unwarped faces, (N, 3, R, R): what the output should be.
    public var target: Tensor
    /// The face masks, (N, 1, R, R).
    public var mask: Tensor
    /// The eyes-and-mouth masks, (N, 1, R, R).
    public var eyesMouthMask: Tensor

    /// A batch of these tensors.
    public init(warped: Tensor, target: Tensor, mask: Tensor, eyesMouthMask: Tensor) {
        self.warped = warped
        self.target = target
        self.mask = mask
        self.eyesMouthMask = eyesMouthMask
    }

    /// A batch of `count` grey faces with full masks at `resolution` (for measuring, not training).
    public static func blank(count: Int, resolution: Int) -> TrainingBatch {
        let face = Tensor.full([count, 3, resolution, resolution], 0.5), mask = Tensor.full([count, 1, resolution, resolution], 1)
        return TrainingBatch(warped: face, target: face, mask: mask, eyesMouthMask: mask)
    }

    /// The batch of `outputs`, stacked.
    public init(_ outputs: [SampleProcessor.Output]) throws {
        func stack(_ images: [Image]) throws -> Tensor {
            Tensor.cat(try images.map { try $0.tensor() }, dim: 0)
        }
        warped = try stack(outputs.map(\.warped))
        target = try stack(outputs.map(\.target))
        mask = try stack(outputs.map(\.mask))
        eyesMouthMask = try stack(outputs.map(\.eyesMouthMask))
    }
}

/// Batches of a faceset made on a background thread into a bounded queue (DFL's
/// `SampleGeneratorFace` with its worker processes), so a training step never waits for decoding
/// and warping when the producer keeps up. Batch `k` draws its samples and random transforms from
/// a generator seeded with (`seed`, `k`), so the same seed gives the same batches whatever the
/// threads do, and a resumed run continues the sequence from its iteration.
public final class SampleQueue: @unchecked Sendable {
    private let samples: [TrainingSample]
    /// The faces a colour transfer recolours towards (dst's, for src with `ct_mode`).
    private let colorReferences: [TrainingSample]
    private let processor: SampleProcessor
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
    /// `capacity` made ahead.
    /// With the processor's colour transfer, each face is recoloured towards a random one of
    /// `colorReferences`.
    public init(samples: [TrainingSample], processor: SampleProcessor, batchSize: Int, seed: UInt64, first: Int = 0,
                capacity: Int = 4, colorReferences: [TrainingSample] = []) {
        precondition(!samples.isEmpty && batchSize > 0, "SampleQueue: no samples or a batch of 0")
        self.samples = samples
        self.colorReferences = processor.colorTransfer == nil ? [] : colorReferences
        self.processor = processor
        picker = processor.uniformYaw ? SamplePicker(yawOf: samples) : SamplePicker(count: samples.count)
        self.batchSize = batchSize
        self.seed = seed
        self.capacity = capacity
        nextToMake = first
        nextToTake = first
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
        let outputs = try ParallelMap.map(batchSize) { slot throws -> SampleProcessor.Output in
            var sampleRandom = SeededRandom(seed: seeds[slot], stream: 0)
            return try processor.process(samples[picks[slot]], colorReference: references.isEmpty ? nil : colorReferences[references[slot]],
                                         using: &sampleRandom)
        }
        return try TrainingBatch(outputs)
    }

    /// The next batch in order; waits while the producer makes it.
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
