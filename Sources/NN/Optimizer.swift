import Foundation
import Tensors

/// Rules DFL applies around every optimizer update (reference §5.6).
public struct UpdateRules: Sendable, Equatable {
    /// Step size (DFL: 5e-5 for SAEHD).
    public var learningRate: Double
    /// Keep-probability of DFL's learning-rate dropout: each step every weight element's update
    /// is multiplied by a fresh Bernoulli(p) mask (DFL: 0.3). nil disables it.
    public var lrDropout: Double?
    /// Period of DFL's `lr_cos` cycle, `lr · (cos(step·2π/period) + 1)/2` (DFL: 500). nil disables it.
    public var lrCosinePeriod: Int?
    /// Global-norm clipping: when the L2 norm of all gradients exceeds this, they are scaled
    /// to it (DFL `clipgrad`: 1.0). nil disables it.
    public var clipNorm: Double?

    public init(learningRate: Double, lrDropout: Double? = nil, lrCosinePeriod: Int? = nil, clipNorm: Double? = nil) {
        self.learningRate = learningRate
        self.lrDropout = lrDropout
        self.lrCosinePeriod = lrCosinePeriod
        self.clipNorm = clipNorm
    }
}

/// A gradient-descent optimizer over named parameters, with per-parameter state slots and an
/// int64 step counter, saved under DFL's key scheme (`iters`, `<slot>_<parameter name>`).
open class Optimizer: @unchecked Sendable {
    public let parameters: [(name: String, parameter: Parameter)]
    public var rules: UpdateRules
    /// Updates applied so far (DFL's `iters`).
    public private(set) var iterations: Int64 = 0
    /// Per-slot state tensors, one per parameter, in parameter order.
    public private(set) var slots: [String: [Tensor]]
    let slotNames: [String]
    let generator: Generator?

    /// `slotNames` are the state tensors each parameter keeps (e.g. "ms", "vs").
    public init(_ parameters: [(name: String, parameter: Parameter)], rules: UpdateRules, slotNames: [String],
                generator: Generator? = nil) {
        self.parameters = parameters
        self.rules = rules
        self.slotNames = slotNames
        self.generator = generator
        slots = Dictionary(uniqueKeysWithValues: slotNames.map { name in (name, parameters.map { $0.parameter.value.detached().zerosLike() }) })
    }

    /// Applies one update from the parameters' gradients (computed by `backward()`), then clears them.
    public final func step() {
        withoutGradients {
            let grads = parameters.map { $0.parameter.value.grad ?? $0.parameter.value.detached().zerosLike() }
            let clipped = rules.clipNorm.map { clip(grads, to: $0) } ?? grads
            var rate = rules.learningRate
            if let period = rules.lrCosinePeriod {
                rate *= (cos(Double(iterations) * 2 * Double.pi / Double(period)) + 1) / 2
            }
            for (index, entry) in parameters.enumerated() {
                let parameter = entry.parameter.value
                let update = self.update(index: index, parameter: parameter, gradient: clipped[index])
                if let keep = rules.lrDropout {
                    let direction = update.numerator / update.denominator
                    parameter.addInPlace(direction * direction.bernoulli(keep, generator: generator), scaledBy: -rate)
                } else {
                    parameter.addQuotientInPlace(update.numerator, update.denominator, scaledBy: -rate)
                }
                parameter.zeroGrad()
            }
            iterations += 1
        }
    }

    /// The direction to subtract (scaled by the learning rate) for parameter `index`, as a
    /// numerator and a denominator so the update can be applied in one pass; subclasses update
    /// their slots here. `iterations` is the number of earlier updates.
    open func update(index: Int, parameter: Tensor, gradient: Tensor) -> (numerator: Tensor, denominator: Tensor) {
        fatalError("\(type(of: self)) must override update(index:parameter:gradient:)")
    }

    /// The state tensor `slot` of parameter `index`.
    public final func slot(_ slot: String, _ index: Int) -> Tensor { slots[slot]![index] }

    private func clip(_ grads: [Tensor], to limit: Double) -> [Tensor] {
        let norm = grads.map { $0.square().sum() }.reduce(Tensor.scalar(0, device: grads.first?.device ?? .cpu)) { $0 + $1 }.sqrt()
        let scale = limit / norm.maximum(limit)
        return grads.map { $0 * scale }
    }

    /// State under DFL's names: `iters`, then every `<slot>_<parameter>` (slot-major).
    public final func stateTensors() -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = [("iters", Tensor.full([], Double(iterations), dtype: .int64))]
        for slot in slotNames {
            for (index, entry) in parameters.enumerated() { result.append(("\(slot)_\(entry.name)", slots[slot]![index])) }
        }
        return result
    }

    /// Restores state saved by `stateTensors()`; `source` names the file in errors.
    public final func loadState(_ contents: SafeTensors.Contents, source: String) throws(CheckpointError) {
        guard let iters = contents["iters"] else { throw CheckpointError.missing("iters", in: source) }
        var restored: [String: [Tensor]] = [:]
        for slot in slotNames {
            var list: [Tensor] = []
            for (index, entry) in parameters.enumerated() {
                let key = "\(slot)_\(entry.name)"
                guard let saved = contents[key] else { throw CheckpointError.missing(key, in: source) }
                let current = slots[slot]![index]
                guard saved.shape == current.shape else { throw CheckpointError.shapeMismatch(key, saved.shape, current.shape, in: source) }
                list.append(saved.to(current.dtype, device: current.device))
            }
            restored[slot] = list
        }
        slots = restored
        iterations = Int64(iters.item())
    }
}
