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

    /// Values in the state slots (for memory estimates).
    public var stateElementCount: Int { slots.values.joined().map(\.elementCount).reduce(0, +) }
    /// The names of the state tensors each parameter keeps, in DFL's save order (e.g. `ms`, `vs`).
    public let slotNames: [String]
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

    /// When set, the lr_dropout masks of each update come from the generator re-seeded by this
    /// seed and the update's number, so a resumed run (whose generator state is not saved)
    /// draws the same masks as one that never stopped.
    public var dropoutSeed: UInt64?

    /// libtorch's gradient reducer for a data-parallel run, made by the first `backward(_:)` there.
    private var reducer: GradientReducer?
    /// Whether the gradients `step()` is about to apply were already averaged by `reducer`.
    private var gradientsAveraged = false

    /// Backpropagates from the scalar `loss` to the parameters. In a data-parallel run
    /// (`ProcessGroup.current`) it goes through libtorch's gradient reducer, which averages the
    /// gradients over all ranks while the backward pass runs; that throws once another rank is gone.
    public final func backward(_ loss: Tensor) throws(TensorError) {
        guard let group = ProcessGroup.current, group.worldSize > 1 else {
            loss.backward()
            return
        }
        let tensors = parameters.map(\.parameter.value)
        if reducer?.serves(tensors, in: group) != true {
            reducer = nil
            reducer = try GradientReducer(group: group, parameters: tensors)
        }
        try reducer!.backward(loss)
        gradientsAveraged = true
    }

    /// Applies one update from the parameters' gradients (computed by `backward(_:)`), then clears
    /// them. In a data-parallel run (`ProcessGroup.current`) gradients that a plain
    /// `Tensor.backward()` computed are averaged over all ranks first, so every rank applies the
    /// same update; that throws once another rank is gone.
    public final func step() throws(TensorError) {
        let averaged = gradientsAveraged
        gradientsAveraged = false
        if rules.lrDropout != nil, let dropoutSeed, let generator {
            do {
                try generator.restore(try Generator(seed: dropoutSeed ^ (0x5EED_D50 &* UInt64(iterations + 1)), device: generator.device).state)
            } catch {
                preconditionFailure("cannot re-seed the lr_dropout generator: \(error)")
            }
        }
        try withoutGradients { () throws(TensorError) in
            let grads = parameters.map { $0.parameter.value.grad ?? $0.parameter.value.detached().zerosLike() }
            if !averaged, let group = ProcessGroup.current, group.worldSize > 1 { try group.allReduceMean(grads) }
            let clipped = rules.clipNorm.map { clip(grads, to: $0) } ?? grads
            var rate = rules.learningRate
            if let period = rules.lrCosinePeriod {
                rate *= (cos(Double(iterations) * 2 * Double.pi / Double(period)) + 1) / 2
            }
            for (index, entry) in parameters.enumerated() {
                let parameter = entry.parameter.value
                let device = stateDevice(index)
                let update = self.update(index: index, parameter: parameter, gradient: clipped[index].to(device: device))
                if let keep = rules.lrDropout {
                    let direction = update.numerator / update.denominator
                    parameter.addInPlace((direction * dropoutMask(like: direction, keep: keep)).to(device: parameter.device),
                                         scaledBy: -rate)
                } else {
                    parameter.addQuotientInPlace(update.numerator.to(device: parameter.device),
                                                 update.denominator.to(device: parameter.device), scaledBy: -rate)
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

    /// Where parameter `index`'s state lives (its parameter's device unless `moveState` moved it).
    private func stateDevice(_ index: Int) -> Device {
        slotNames.first.map { slots[$0]![index].device } ?? parameters[index].parameter.value.device
    }

    /// DFL's lr_dropout mask for `update`: Bernoulli(`keep`) per element, drawn from the CPU
    /// generator (so a seed reproduces it on any device) and moved to the update's device.
    private func dropoutMask(like update: Tensor, keep: Double) -> Tensor {
        let mask = update.device == .cpu ? update.bernoulli(keep, generator: generator)
                                         : Tensor.zeros(update.shape).bernoulli(keep, generator: generator)
        return mask.to(update.dtype, device: update.device)
    }

    /// Moves every state tensor to `device` (DFL's `models_opt_on_gpu` off keeps it on the CPU
    /// while the network trains on a GPU; updates are then computed there and copied back).
    public final func moveState(to device: Device) throws(TensorError) {
        var moved: [String: [Tensor]] = [:]
        for (slot, list) in slots {
            var tensors: [Tensor] = []
            for tensor in list { tensors.append(try tensor.moved(to: device)) }
            moved[slot] = tensors
        }
        slots = moved
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
        restore(iterations: Int64(iters.item()), slots: restored)
    }

    /// Replaces the whole state: the update count and, for every slot, one tensor per parameter
    /// with that parameter's shape (moved to where that slot's state lives, in its dtype).
    public final func restore(iterations: Int64, slots restored: [String: [Tensor]]) {
        precondition(Set(restored.keys) == Set(slotNames) && restored.values.allSatisfy { $0.count == parameters.count },
                     "restore needs every slot of every parameter")
        var moved: [String: [Tensor]] = [:]
        for (slot, list) in restored {
            moved[slot] = zip(list, slots[slot]!).enumerated().map { index, pair in
                let (tensor, current) = pair
                precondition(tensor.shape == current.shape, "slot \(slot) of \(parameters[index].name) has shape \(tensor.shape)")
                return tensor.to(current.dtype, device: current.device)
            }
        }
        slots = moved
        self.iterations = iterations
    }
}
