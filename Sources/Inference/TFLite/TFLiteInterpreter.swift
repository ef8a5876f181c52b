import Foundation
import Tensors

/// Runs the first subgraph of a `TFLiteModel` on Masque's engine (libtorch), on any `Device`.
///
/// Preparing checks the whole graph before anything runs: every operator must be one Masque
/// implements (`supportedOperators`), every shape the graph declares must follow from its inputs,
/// and every weight buffer must hold exactly its tensor's bytes — so a damaged or unsupported
/// file is refused with a `TFLiteError`, and `run` on inputs of the declared shapes never hands
/// libtorch a shape it would reject. `DEQUANTIZE` of constant weights (float16, or int8/uint8 with affine
/// quantization) is done once while preparing. Inputs and outputs are float32 in TFLite's own
/// layout (NHWC for images), exactly as a TFLite interpreter takes and returns them. A graph that
/// keeps dimension 0 as a batch (`runsBatches`) also runs N inputs stacked on that dimension in
/// one call.
public final class TFLiteInterpreter: Sendable {
    /// The operators this runner implements, by TFLite's names.
    public static var supportedOperators: [String] { TFLiteOperatorTable.supportedNames }

    /// The model file, for messages.
    public let source: String
    public let device: Device
    /// Declared shapes of the graph's inputs, in TFLite's order.
    public let inputShapes: [[Int]]
    /// Declared shapes of the graph's outputs, in TFLite's order.
    public let outputShapes: [[Int]]
    /// Whether `run` takes a batch: every shape the graph declares has dimension 0 of 1 and no
    /// operator mixes that dimension with another, so N inputs stacked on dimension 0 give N
    /// results stacked on dimension 0 of each output.
    public let runsBatches: Bool

    private let inputIndices: [Int]
    private let outputIndices: [Int]
    private let steps: [Step]
    /// Constant tensors read by the steps, by tensor index.
    private let constants: [Int: Tensor]
    private let tensorCount: Int

    /// One prepared operator: which tensors it reads and writes, and which values it reads for
    /// the last time (freed after it runs).
    public struct Step: Sendable {
        let kernel: any TFLiteKernel
        let inputs: [Int]
        let output: Int
        var releases: [Int]
    }

    /// Prepares `model` to run on `device`.
    public init(model: TFLiteModel, device: Device = .cpu) throws(TFLiteError) {
        guard let graph = model.subgraphs.first else { throw .corrupt(model.source, "the model has no subgraph") }
        source = model.source
        self.device = device
        inputIndices = graph.inputs
        outputIndices = graph.outputs
        inputShapes = graph.inputs.map { graph.tensors[$0].shape }
        outputShapes = graph.outputs.map { graph.tensors[$0].shape }
        tensorCount = graph.tensors.count
        var planner = TFLiteGraphPlanner(model: model, graph: graph, device: device)
        let planned = try withoutGradients { () throws(TFLiteError) in try planner.plan() }
        constants = planner.constants
        runsBatches = planner.keepsBatch
        steps = Self.withReleases(planned, keeping: Set(graph.outputs))
    }

    /// Reads and prepares the model in `url`.
    public convenience init(contentsOf url: URL, device: Device = .cpu) throws(TFLiteError) {
        try self.init(model: try TFLiteModel(contentsOf: url), device: device)
    }

    /// Runs the graph. `inputs` are float32 tensors of `inputShapes` (on any device; they are moved
    /// to this interpreter's); the outputs are float32 tensors of `outputShapes` on `device`. When
    /// `runsBatches`, the inputs may all have dimension 0 of the same N ≥ 1 instead of 1, and the
    /// outputs then have N there.
    public func run(_ inputs: [Tensor]) throws(TFLiteError) -> [Tensor] {
        guard inputs.count == inputIndices.count else {
            throw TFLiteError("\(source) takes \(inputIndices.count) input(s), not \(inputs.count)")
        }
        let batch = inputs.first?.shape.first ?? 1
        var values = [TFLiteValue?](repeating: nil, count: tensorCount)
        for (index, tensor) in constants { values[index] = TFLiteValue(tensor) }
        for (position, (index, input)) in zip(inputIndices, inputs).enumerated() {
            let declared = inputShapes[position]
            let expected = runsBatches && batch >= 1 ? [batch] + declared.dropFirst() : declared
            guard input.shape == expected else {
                let batched = runsBatches ? " (or the same N ≥ 1 in dimension 0 for every input)" : ""
                throw TFLiteError("input \(position) of \(source) must have shape \(declared)\(batched), not \(input.shape)")
            }
            let moved: Tensor
            do { moved = try input.moved(to: device) } catch { throw TFLiteError("\(source): \(error.message)") }
            values[index] = TFLiteValue(moved.dtype == .float32 ? moved : moved.to(.float32))
        }
        return withoutGradients {
            for step in steps {
                let operands = step.inputs.map { values[$0]! }
                values[step.output] = step.kernel.apply(operands)
                for index in step.releases { values[index] = nil }
            }
            return outputIndices.map { values[$0]!.declared.contiguous() }
        }
    }

    /// `steps` with, for each, the computed values read there for the last time.
    private static func withReleases(_ steps: [Step], keeping kept: Set<Int>) -> [Step] {
        var lastUse: [Int: Int] = [:]
        for (position, step) in steps.enumerated() {
            for index in step.inputs { lastUse[index] = position }
        }
        let produced = Set(steps.map(\.output))
        var result = steps
        for (index, position) in lastUse where produced.contains(index) && !kept.contains(index) {
            result[position].releases.append(index)
        }
        return result
    }
}
