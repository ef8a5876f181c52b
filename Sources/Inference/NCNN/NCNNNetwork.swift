import Foundation
import Tensors

/// Runs an ncnn graph (`.param` + `.bin`) on Masque's engine, on the CPU or a CUDA device,
/// without gradients.
///
/// Loading maps each layer line to a layer (`NCNNLayerTable`) and reads its weights from the
/// `.bin` in file order, as ncnn does; weights are float32 on the device whatever the file
/// stores. Blobs are NCHW tensors with a batch dimension ncnn's blobs lack, so one run handles a
/// batch. A blob is released as soon as the last layer that reads it has run. Safe to call from
/// several threads at once.
public final class NCNNNetwork: Sendable {
    private struct Step: Sendable {
        let type: String
        let label: String
        let layer: any NCNNLayer
        let inputSlots: [Int]
        let outputSlots: [Int]
        /// Slots read for the last time by this step.
        let releasedSlots: [Int]
    }

    /// The files the graph came from, named in errors.
    public let source: String
    public let device: Device
    /// The graph inputs (the blobs of its `Input` layers), in file order.
    public let inputNames: [String]
    /// The blobs no layer reads, in file order: the graph's outputs.
    public let outputNames: [String]
    private let steps: [Step]
    private let slots: [String: Int]

    /// Reads the graph `paramFile` and its weights `weightFile` onto `device`.
    public convenience init(paramFile: URL, weightFile: URL, device: Device = .cpu) throws(NCNNError) {
        let weights: Data
        do {
            weights = try Data(contentsOf: weightFile, options: .mappedIfSafe)
        } catch {
            throw NCNNError("\(weightFile.path): cannot be read (\(error.localizedDescription))")
        }
        try self.init(graph: NCNNParamFile(contentsOf: paramFile), weights: weights, weightSource: weightFile.path, device: device)
    }

    /// Loads `graph` with the `.bin` bytes `weights` (named `weightSource` in errors). Throws
    /// naming the file and the layer when a layer type, parameter or weight format is not run.
    public init(graph: NCNNParamFile, weights: Data, weightSource: String, device: Device = .cpu) throws(NCNNError) {
        source = graph.source
        self.device = device
        var reader = NCNNWeightReader(data: weights, device: device)
        var slots: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let existing = slots[name] { return existing }
            slots[name] = slots.count
            return slots.count - 1
        }
        var inputNames: [String] = []
        var loaded: [(type: String, label: String, layer: any NCNNLayer, inputs: [Int], outputs: [Int])] = []
        var produced = Set<String>()
        for description in graph.layers {
            guard let load = NCNNLayerTable.layers[description.type] else {
                throw NCNNError("\(graph.source): unsupported ncnn layer type '\(description.type)' (layer '\(description.name)'); Masque runs \(NCNNLayerTable.supportedNames)")
            }
            let layer: any NCNNLayer
            do throws(NCNNModelIssue) {
                layer = try load(description, &reader)
            } catch {
                let file = error.concernsWeights ? weightSource : graph.source
                throw NCNNError("\(file): layer \(description.label): \(error.message)")
            }
            for input in description.inputs where !produced.contains(input) {
                throw NCNNError("\(graph.source): layer \(description.label) reads blob '\(input)' before any layer writes it")
            }
            produced.formUnion(description.outputs)
            if let input = layer as? NCNNInput {
                inputNames.append(input.blob)
                _ = slot(input.blob)
                continue
            }
            loaded.append((description.type, description.label, layer, description.inputs.map(slot), description.outputs.map(slot)))
        }
        guard reader.isAtEnd else {
            throw NCNNError("\(weightSource): \(reader.remaining) bytes are left after the last layer's weights; the .bin belongs to another .param")
        }
        guard !inputNames.isEmpty else { throw NCNNError("\(graph.source): the graph has no Input layer") }
        let read = Set(graph.layers.flatMap(\.inputs))
        var outputs: [String] = []
        for name in graph.layers.flatMap(\.outputs) where !read.contains(name) && !outputs.contains(name) { outputs.append(name) }
        self.inputNames = inputNames
        outputNames = outputs
        self.slots = slots

        var lastReader: [Int: Int] = [:]
        for (index, step) in loaded.enumerated() {
            for slot in step.inputs { lastReader[slot] = index }
        }
        steps = loaded.enumerated().map { index, step in
            let released = Set(step.inputs.filter { lastReader[$0] == index })
            return Step(type: step.type, label: step.label, layer: step.layer, inputSlots: step.inputs, outputSlots: step.outputs,
                        releasedSlots: released.sorted())
        }
    }

    /// Runs the graph on `feeds` (one float32 NCHW tensor per input blob, by name; moved to
    /// `device` when elsewhere) and returns the blobs named in `outputs` (default: the graph's
    /// outputs), on `device`. `timing`, when given, receives each layer's type and the seconds it
    /// took (on a GPU, the time to queue it).
    public func run(_ feeds: [String: Tensor], outputs: [String]? = nil,
                    timing: ((_ layerType: String, _ seconds: Double) -> Void)? = nil) throws(NCNNError) -> [String: Tensor] {
        let wanted = outputs ?? outputNames
        for name in feeds.keys where !inputNames.contains(name) {
            throw NCNNError("\(source): the graph has no input '\(name)'; its inputs are \(inputNames)")
        }
        var kept = Set<Int>()
        for name in wanted {
            guard let slot = slots[name] else { throw NCNNError("\(source): the graph has no blob '\(name)'") }
            kept.insert(slot)
        }
        var values = [Tensor?](repeating: nil, count: slots.count)
        for name in inputNames {
            guard let tensor = feeds[name] else { throw NCNNError("\(source): input '\(name)' was not given") }
            guard tensor.dtype == .float32, tensor.rank == 4 else {
                throw NCNNError("\(source): input '\(name)' is a \(tensor.shape) \(tensor.dtype) tensor; expected float32 [N, C, H, W]")
            }
            let placed = tensor.device == device ? tensor : tensor.to(device: device)
            values[slots[name]!] = placed.channelsLast()
        }
        return try withoutGradients { () throws(NCNNError) -> [String: Tensor] in
            for step in steps {
                var arguments: [Tensor] = []
                for slot in step.inputSlots {
                    guard let value = values[slot] else { throw NCNNError("\(source): layer \(step.label) reads a released blob") }
                    arguments.append(value)
                }
                let results: [Tensor]
                let start = timing == nil ? 0 : DispatchTime.now().uptimeNanoseconds
                do throws(NCNNModelIssue) {
                    results = try step.layer.run(arguments)
                } catch {
                    throw NCNNError("\(source): layer \(step.label): \(error.message)")
                }
                timing?(step.type, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                for (slot, result) in zip(step.outputSlots, results) { values[slot] = result }
                for slot in step.releasedSlots where !kept.contains(slot) { values[slot] = nil }
            }
            var results: [String: Tensor] = [:]
            for name in wanted { results[name] = values[slots[name]!] }
            return results
        }
    }
}
