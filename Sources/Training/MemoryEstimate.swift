import Foundation
import Support
import Tensors

/// How much memory training a model takes, estimated before the first step (DFL gives no hint
/// and runs out of memory mid-way): weights, their gradients and the optimizer state from the
/// model; the activations of a training forward pass measured with `AllocationTally` at batch
/// sizes 1 and 2 (so a fixed part and a per-face part), with a quarter more for the backward
/// pass's temporaries; the sample queue's batches; the buffer a save serialises its largest file
/// into; and what the process itself holds (libraries, runtime: its resident memory at the
/// estimate, less the model's weights and optimizer state already in it). On the CPU compared with
/// the memory the system says is available (Linux `MemAvailable`); on a GPU, what lives in GPU
/// memory (weights and gradients, the optimizer state where `models_opt_on_gpu` keeps it there,
/// activations) is compared with the GPU's free memory, and the rest stays in CPU memory.
public struct MemoryEstimate: Sendable, Equatable {
    /// Bytes of the weights and their gradients.
    public var weightBytes: Int
    /// Bytes of the optimizers' state.
    public var optimizerBytes: Int
    /// Bytes of the activations that do not grow with the batch.
    public var fixedActivationBytes: Int
    /// Bytes of activations per face of the batch (every training stream).
    public var activationBytesPerFace: Int
    /// Bytes of one face of the sample queues (every training stream, every output, all queued batches).
    public var queueBytesPerFace: Int
    /// Bytes of the largest file a save writes, which it holds in memory while writing.
    public var saveBufferBytes: Int
    /// Bytes the process holds besides the model (libraries, runtime).
    public var runtimeBytes: Int
    /// The batch size estimated for.
    public var batchSize: Int
    /// Bytes the system reports available; nil where unknown.
    public var availableBytes: Int?
    /// Where training runs (whose memory `totalBytes` and `availableBytes` count).
    public var device: Device = .cpu
    /// Whether the optimizer state lives in `device`'s memory (DFL's `models_opt_on_gpu`).
    public var optimizerOnDevice = true

    /// The backward pass's temporaries, as a share of the forward pass's activations.
    public static let backwardShare = 0.25
    /// Batches a stream's queue holds at most (made ahead plus the one in use).
    public static let queuedBatches = 5

    /// The activations of `batch` faces with the backward pass's share.
    public func activationBytes(batch: Int) -> Int {
        Int(Double(fixedActivationBytes + batch * activationBytesPerFace) * (1 + Self.backwardShare))
    }

    /// Everything in `device`'s memory at `batch` faces.
    public func totalBytes(batch: Int) -> Int {
        fixedDeviceBytes + activationBytes(batch: batch) + batch * (device == .cpu ? queueBytesPerFace : 0)
    }

    /// The bytes in `device`'s memory that do not grow with the batch, activations aside.
    private var fixedDeviceBytes: Int {
        let optimizer = device == .cpu || optimizerOnDevice ? optimizerBytes : 0
        return weightBytes + optimizer + (device == .cpu ? saveBufferBytes + runtimeBytes : 0)
    }

    /// Everything at the estimated batch size.
    public var totalBytes: Int { totalBytes(batch: batchSize) }

    /// The largest batch that fits the available memory; nil where that is unknown, 0 when
    /// not even one face fits.
    public var largestBatch: Int? {
        guard let availableBytes else { return nil }
        let perFace = Double(activationBytesPerFace) * (1 + Self.backwardShare) + Double(device == .cpu ? queueBytesPerFace : 0)
        let fixed = Double(fixedDeviceBytes) + Double(fixedActivationBytes) * (1 + Self.backwardShare)
        return max(0, Int((Double(availableBytes) - fixed) / max(perFace, 1)))
    }

    /// Whether the estimate fits the available memory (true where that is unknown).
    public var fits: Bool { availableBytes.map { totalBytes <= $0 } ?? true }

    /// Measures `model` for its batch size, on the device it is placed on (`TrainableModel.place`).
    public static func measure(_ model: any TrainableModel) -> MemoryEstimate {
        let footprint = model.memoryFootprint
        let resident = residentMemory() ?? 0
        let available = availableMemory(on: model.device, holding: model.device == .cpu ? 0
            : 4 * (footprint.weights + (model.optimizerOnDevice ? footprint.optimizerState : 0)))
        func activations(_ count: Int) -> Int {
            let batches = model.blankBatches(count: count)
            return AllocationTally.measure { model.trainingForward(batches) }.bytes
        }
        let (one, two) = (activations(1), activations(2))
        let perFace = max(0, two - one)
        let faceValues = model.blankBatches(count: 1).map { batch in
            [batch.warped, batch.target, batch.mask, batch.eyesMouthMask].compactMap { $0?.elementCount }.reduce(0, +)
        }.reduce(0, +)
        return MemoryEstimate(weightBytes: 2 * 4 * footprint.weights, optimizerBytes: 4 * footprint.optimizerState,
                              fixedActivationBytes: max(0, one - perFace), activationBytesPerFace: perFace,
                              queueBytesPerFace: queuedBatches * faceValues * 4,
                              saveBufferBytes: 4 * max(footprint.weights, footprint.optimizerState),
                              runtimeBytes: max(0, resident - 4 * (footprint.weights + footprint.optimizerState)),
                              batchSize: model.batchSize, availableBytes: available, device: model.device,
                              optimizerOnDevice: model.optimizerOnDevice)
    }

    /// The memory training can still take on `device`: Linux's `MemAvailable` for the CPU, the
    /// free memory of a GPU plus the `holding` bytes the model already takes there.
    static func availableMemory(on device: Device, holding: Int) -> Int? {
        switch device {
        case .cpu: availableMemory()
        case .cuda(let index): Runtime.cudaMemory(device: index).map { $0.free + holding }
        }
    }

    /// Linux's `MemAvailable` in bytes; nil where it cannot be read.
    public static func availableMemory() -> Int? { kilobytes("MemAvailable", in: "/proc/meminfo") }

    /// This process's resident memory now (`VmRSS`) in bytes; nil where it cannot be read.
    public static func residentMemory() -> Int? { kilobytes("VmRSS", in: "/proc/self/status") }

    /// This process's peak resident memory so far (`VmHWM`) in bytes; nil where it cannot be read.
    public static func peakResidentMemory() -> Int? { kilobytes("VmHWM", in: "/proc/self/status") }

    /// The `key: N kB` figure of a Linux `/proc` file, in bytes.
    private static func kilobytes(_ key: String, in file: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
              let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return value * 1024
    }

    /// A figure in GiB with two decimals.
    public static func gibibytes(_ bytes: Int) -> String { String(format: "%.2f GiB", Double(bytes) / 1_073_741_824) }

    /// The estimate in a few lines for `--estimate`.
    public var summary: String {
        let host = device == .cpu ? "" : " (CPU memory, not counted in the total)"
        var lines = [
            "weights and gradients: \(Self.gibibytes(weightBytes))",
            "optimizer state:       \(Self.gibibytes(optimizerBytes))\(optimizerOnDevice ? "" : host)",
            "activations:           \(Self.gibibytes(activationBytes(batch: batchSize))) at batch \(batchSize)",
            "sample queues:         \(Self.gibibytes(batchSize * queueBytesPerFace))\(host)",
            "save buffer:           \(Self.gibibytes(saveBufferBytes))\(host)",
            "libraries and runtime: \(Self.gibibytes(runtimeBytes))\(host)",
            "total:                 \(Self.gibibytes(totalBytes)) (\(device == .cpu ? "CPU memory" : "memory of \(device)"))",
        ]
        if let availableBytes, let largestBatch {
            lines.append("available:             \(Self.gibibytes(availableBytes)); the largest batch that fits is \(largestBatch)")
        }
        return lines.joined(separator: "\n")
    }
}
