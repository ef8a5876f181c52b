import Foundation
import Tensors

/// Runs an ONNX model's graph on Masque's engine, on the CPU or a CUDA device, without gradients.
///
/// Compiling maps each node to a kernel (`ONNXOperatorTable`), folds batch normalizations into
/// the convolutions before them, merges a `Relu`/`LeakyRelu` after a convolution into it, and
/// moves the constants to the device once. Inputs are free in their batch size and, for inputs
/// of rank 3 or more, their spatial sizes (dimensions 2…):
/// exporters often write the example size they traced with (CenterFace declares [10, 3, 32, 32]).
/// The other declared dimensions are checked. Intermediate values are released as soon as the
/// last node that reads them has run. Safe to call from several threads at once.
public final class ONNXGraphExecutor: Sendable {
    /// Where an operand of a compiled step comes from.
    private enum Operand: Sendable {
        case value(Int)
        case constant(Tensor)
        case absent
    }

    private struct Step: Sendable {
        let label: String
        let kernel: any ONNXKernel
        let operands: [Operand]
        let outputSlots: [Int]
        /// Slots read for the last time by this step.
        let releasedSlots: [Int]
        /// Whether the kernel overwrites its only input (read here for the last time).
        let inPlace: Bool
    }

    /// The file the model came from, named in errors.
    public let source: String
    public let device: Device
    /// The inputs `run` expects, by name.
    public let inputs: [ONNXValueInfo]
    /// The outputs `run` returns, by name.
    public let outputs: [ONNXValueInfo]
    private let steps: [Step]
    private let inputSlots: [Int]
    private let outputOperands: [Operand]
    private let slotCount: Int

    /// The lowest opset whose operators this executor implements (NumPy broadcasting arrived in 7).
    public static let minimumOpsetVersion = 7

    /// Reads and compiles the ONNX file at `url`.
    public convenience init(contentsOf url: URL, device: Device = .cpu) throws(ONNXError) {
        try self.init(model: ONNXModel(contentsOf: url), device: device)
    }

    /// Compiles `model` for `device`. Throws naming the file, the node and the operator when the
    /// model uses an operator, attribute or data type that Masque does not run.
    public init(model: ONNXModel, device: Device = .cpu) throws(ONNXError) {
        source = model.source
        self.device = device
        inputs = model.inputs
        outputs = model.outputs
        guard model.opsetVersion >= Self.minimumOpsetVersion else {
            throw ONNXError("\(model.source): the model uses ONNX opset \(model.opsetVersion); Masque runs opset \(Self.minimumOpsetVersion) and later")
        }
        for input in model.inputs where input.elementType != .float {
            let type = input.elementType.map(\.description) ?? "not a tensor of a known type"
            throw ONNXError("\(model.source): graph input '\(input.name)' is \(type); Masque feeds FLOAT inputs only")
        }
        let folded = model.foldingBatchNormalizations().fusingConvolutionActivations()

        var slots: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let existing = slots[name] { return existing }
            slots[name] = slots.count
            return slots.count - 1
        }
        inputSlots = folded.inputs.map { slot($0.name) }
        var uploaded: [String: Tensor] = [:]
        func operand(_ name: String) throws(ONNXError) -> Operand {
            if name.isEmpty { return .absent }
            if let slot = slots[name] { return .value(slot) }
            if let tensor = uploaded[name] { return .constant(tensor) }
            guard let data = folded.initializers[name] else {
                throw ONNXError("\(folded.source): value '\(name)' is defined nowhere")
            }
            do {
                let loaded = try data.tensor(on: device)
                let tensor = loaded.rank == 4 ? loaded.channelsLast() : loaded
                uploaded[name] = tensor
                return .constant(tensor)
            } catch {
                throw ONNXError("\(folded.source): cannot load constant '\(name)' onto \(device): \(error.message)")
            }
        }

        var compiled: [(label: String, kernel: any ONNXKernel, operands: [Operand], outputs: [Int])] = []
        for node in folded.nodes {
            guard node.domain.isEmpty || node.domain == "ai.onnx",
                  let compile = ONNXOperatorTable.kernels[node.operatorType] else {
                let domain = node.domain.isEmpty ? "" : " of domain '\(node.domain)'"
                throw ONNXError("\(folded.source): unsupported ONNX operator '\(node.operatorType)'\(domain) at node '\(node.name)'; Masque runs \(ONNXOperatorTable.supportedNames)")
            }
            let kernel: any ONNXKernel
            do {
                kernel = try compile(node)
            } catch {
                throw ONNXError("\(folded.source): node \(node.label): \(error.message)")
            }
            var operands: [Operand] = []
            for input in node.inputs { operands.append(try operand(input)) }
            compiled.append((node.label, kernel, operands, node.outputs.map(slot)))
        }
        var outputOperands: [Operand] = []
        for output in folded.outputs { outputOperands.append(try operand(output.name)) }
        self.outputOperands = outputOperands
        slotCount = slots.count

        var lastReader: [Int: Int] = [:]
        for (index, step) in compiled.enumerated() {
            for case .value(let slot) in step.operands { lastReader[slot] = index }
        }
        let kept = Set(outputOperands.compactMap { operand -> Int? in
            if case .value(let slot) = operand { return slot }
            return nil
        })
        let graphInputSlots = Set(inputSlots)
        steps = compiled.enumerated().map { index, step in
            let released = Set(step.operands.compactMap { operand -> Int? in
                guard case .value(let slot) = operand, lastReader[slot] == index, !kept.contains(slot) else { return nil }
                return slot
            })
            // An intermediate value read for the last time by an in-place kernel can be overwritten.
            var inPlace = false
            if step.kernel.runsInPlace, step.operands.count == 1, case .value(let slot) = step.operands[0],
               released.contains(slot), !graphInputSlots.contains(slot) {
                inPlace = true
            }
            return Step(label: step.label, kernel: step.kernel, operands: step.operands, outputSlots: step.outputs,
                        releasedSlots: released.sorted(), inPlace: inPlace)
        }
    }

    /// Runs the graph. `feeds` holds one float32 tensor per input, by name (moved to `device`
    /// when elsewhere); the result holds every graph output, by name, on `device`.
    public func run(_ feeds: [String: Tensor]) throws(ONNXError) -> [String: Tensor] {
        for name in feeds.keys where !inputs.contains(where: { $0.name == name }) {
            throw ONNXError("\(source): the model has no input '\(name)'; its inputs are \(inputs.map(\.name))")
        }
        var values = [Tensor?](repeating: nil, count: slotCount)
        for (input, slot) in zip(inputs, inputSlots) {
            guard let tensor = feeds[input.name] else {
                throw ONNXError("\(source): input '\(input.name)' was not given")
            }
            try check(tensor, against: input)
            let placed = tensor.device == device ? tensor : tensor.to(device: device)
            values[slot] = placed.rank == 4 ? placed.channelsLast() : placed
        }
        return try withoutGradients { () throws(ONNXError) -> [String: Tensor] in
            for step in steps {
                let arguments = step.operands.map { operand -> Tensor? in
                    switch operand {
                    case .value(let slot): values[slot]
                    case .constant(let tensor): tensor
                    case .absent: nil
                    }
                }
                let results: [Tensor]
                do throws(ONNXModelIssue) {
                    if step.inPlace, let input = arguments[0] {
                        results = [try step.kernel.runInPlace(input)]
                    } else {
                        results = try step.kernel.run(arguments)
                    }
                } catch {
                    throw ONNXError("\(source): node \(step.label): \(error.message)")
                }
                for (slot, result) in zip(step.outputSlots, results) { values[slot] = result }
                for slot in step.releasedSlots { values[slot] = nil }
            }
            var results: [String: Tensor] = [:]
            for (output, operand) in zip(outputs, outputOperands) {
                switch operand {
                case .value(let slot): results[output.name] = values[slot]
                case .constant(let tensor): results[output.name] = tensor
                case .absent: break
                }
            }
            return results
        }
    }

    /// Throws unless `tensor` fits the declared input: float32, the declared rank, and the
    /// declared size of dimension 1 (channels or features); batch and spatial sizes are free.
    private func check(_ tensor: Tensor, against input: ONNXValueInfo) throws(ONNXError) {
        guard tensor.dtype == .float32 else {
            throw ONNXError("\(source): input '\(input.name)' is \(tensor.dtype), expected f32")
        }
        guard let dimensions = input.dimensions else { return }
        let shape = tensor.shape
        let channels: Int? = if dimensions.count > 1, case .fixed(let size) = dimensions[1] { size } else { nil }
        guard shape.count == dimensions.count, channels == nil || shape[1] == channels else {
            let declared = dimensions.indices.map { $0 == 1 ? channels.map(String.init) ?? "*" : "*" }
            throw ONNXError("\(source): input '\(input.name)' has shape \(shape), expected [\(declared.joined(separator: ", "))]")
        }
    }
}
