import Tensors

/// Turns a subgraph's operators into `TFLiteOperation`s: checks each operator's inputs, options
/// and shapes, infers its output shape and compares it with the declared one, converts weights
/// to PyTorch layouts on the device, and folds `DEQUANTIZE` of constants.
public struct TFLiteGraphPlanner {
    public let model: TFLiteModel
    public let graph: TFLiteModel.Subgraph
    public let device: Device
    /// Constant tensors that steps read as data (not as weights), by tensor index, float32.
    private(set) var constants: [Int: Tensor] = [:]
    /// Whether the planned graph keeps dimension 0 as a batch: every input and computed value is
    /// declared with dimension 0 of 1, every output depends on the inputs, and no operator mixes
    /// that dimension with another (reshapes keep it, pads leave it alone, concatenations join
    /// values that all carry the batch along another dimension, additions broadcast values
    /// without it only over the other dimensions).
    var keepsBatch = true
    /// The values that depend on the graph's inputs, and so carry their batch.
    var batched: Set<Int> = []
    /// Shapes (TFLite order) of the values available so far: inputs, constants read as data, results.
    private var shapes: [Int: [Int]] = [:]
    /// Results of folded `DEQUANTIZE` operators, float32 in TFLite's layout.
    private var dequantized: [Int: Tensor] = [:]
    /// The operator being planned, for messages.
    private var position = 0

    public init(model: TFLiteModel, graph: TFLiteModel.Subgraph, device: Device) {
        self.model = model
        self.graph = graph
        self.device = device
    }

    public mutating func plan() throws(TFLiteError) -> [TFLiteInterpreter.Step] {
        for index in graph.inputs {
            let tensor = graph.tensors[index]
            guard tensor.type == .float32 else {
                throw unsupported("input '\(tensor.name)' is \(tensor.type); Masque runs float32 graphs")
            }
            shapes[index] = tensor.shape
            batched.insert(index)
            if tensor.shape.first != 1 { keepsBatch = false }
        }
        var steps: [TFLiteInterpreter.Step] = []
        for (position, op) in graph.operators.enumerated() {
            self.position = position
            let code = model.operatorCodes[op.opcodeIndex]
            guard op.outputs.count == 1 else { throw corrupt("\(code.name) has \(op.outputs.count) outputs") }
            let output = op.outputs[0]
            guard shapes[output] == nil, dequantized[output] == nil, !hasData(output) else {
                throw corrupt("\(code.name) writes tensor \(output), which already has a value")
            }
            let builtin = code.customCode == nil ? code.builtinCode : -1
            if builtin == TFLiteOperatorTable.dequantize {
                dequantized[output] = try dequantize(try input(op, 0), into: output)
                continue
            }
            let declared = graph.tensors[output]
            guard declared.type == .float32 else {
                throw unsupported("\(code.name) computes a \(declared.type) tensor; Masque runs float32 graphs")
            }
            let planned = try prepare(op, builtin: builtin, name: code.name)
            let (inputs, shape) = (planned.inputs, planned.shape)
            try checkSize(shape, code.name)
            guard shape == declared.shape else {
                throw corrupt("\(code.name) computes shape \(shape) but declares \(declared.shape) for '\(declared.name)'")
            }
            shapes[output] = shape
            if inputs.contains(where: batched.contains) { batched.insert(output) }
            if shape.first != 1 { keepsBatch = false }
            steps.append(TFLiteInterpreter.Step(kernel: planned.kernel, inputs: inputs, output: output, releases: []))
        }
        for index in graph.outputs where shapes[index] == nil {
            guard dequantized[index] != nil || hasData(index) else {
                throw .corrupt(model.source, "output '\(graph.tensors[index].name)' is never computed")
            }
            _ = try dataShape(index)
        }
        if !graph.outputs.allSatisfy(batched.contains) { keepsBatch = false }
        return steps
    }

    /// The kernel, its data inputs and its output shape, planned by the operator's entry in
    /// `TFLiteOperatorTable`.
    private mutating func prepare(_ op: TFLiteModel.Operator, builtin: Int32, name: String)
        throws(TFLiteError) -> TFLitePlannedOperator {
        guard let kernel = TFLiteOperatorTable.kernels[builtin] else {
            throw unsupported("operator \(position) is \(name); Masque runs "
                + TFLiteInterpreter.supportedOperators.joined(separator: ", "))
        }
        return try kernel.plan(op, name: name, planner: &self)
    }

    // MARK: - Inputs and constants

    /// The tensor index of input `slot`, which must be present.
    func input(_ op: TFLiteModel.Operator, _ slot: Int) throws(TFLiteError) -> Int {
        guard slot < op.inputs.count, op.inputs[slot] != -1 else { throw corrupt("input \(slot) is missing") }
        return op.inputs[slot]
    }

    /// The shape of a tensor read as data; a constant read as data is loaded for `run`.
    mutating func dataShape(_ index: Int) throws(TFLiteError) -> [Int] {
        if let shape = shapes[index] { return shape }
        guard dequantized[index] != nil || hasData(index) else {
            throw corrupt("reads '\(graph.tensors[index].name)' before it is computed")
        }
        constants[index] = try weight(index)
        shapes[index] = graph.tensors[index].shape
        return graph.tensors[index].shape
    }

    /// A float32 constant on the device in TFLite's layout: a folded `DEQUANTIZE` or a FLOAT32 buffer.
    func weight(_ index: Int) throws(TFLiteError) -> Tensor {
        if let tensor = dequantized[index] { return tensor }
        let tensor = graph.tensors[index]
        guard tensor.type == .float32, let bytes = try constantBytes(index) else {
            throw corrupt("'\(tensor.name)' must be a float32 constant")
        }
        return try deviceTensor(Self.load(bytes, as: UInt32.self).map(Float.init(bitPattern:)), shape: tensor.shape,
                                dtype: .float32)
    }

    /// The values of an INT32 or INT64 constant.
    func integers(_ index: Int) throws(TFLiteError) -> [Int] {
        let tensor = graph.tensors[index]
        guard let bytes = try constantBytes(index) else { throw corrupt("'\(tensor.name)' must be a constant") }
        switch tensor.type {
        case .int32: return Self.load(bytes, as: Int32.self).map(Int.init)
        case .int64: return Self.load(bytes, as: Int64.self).map { Int(clamping: $0) }
        default: throw corrupt("'\(tensor.name)' is \(tensor.type), not an integer constant")
        }
    }

    /// `DEQUANTIZE` of a constant: float16, or int8/uint8 with per-tensor or per-axis scales.
    private func dequantize(_ index: Int, into output: Int) throws(TFLiteError) -> Tensor {
        let tensor = graph.tensors[index]
        guard let bytes = try constantBytes(index) else {
            throw unsupported("DEQUANTIZE of the computed tensor '\(tensor.name)'; only weights are dequantized")
        }
        guard graph.tensors[output].shape == tensor.shape, graph.tensors[output].type == .float32 else {
            throw corrupt("DEQUANTIZE of \(tensor.shape) into \(graph.tensors[output].type) \(graph.tensors[output].shape)")
        }
        switch tensor.type {
        case .float16:
            return try deviceTensor(Self.load(bytes, as: UInt16.self), shape: tensor.shape, dtype: .float16).to(.float32)
        case .int8, .uint8:
            let quantized = tensor.type == .int8 ? bytes.map { Float(Int8(bitPattern: $0)) } : bytes.map { Float($0) }
            return try deviceTensor(try affine(quantized, tensor), shape: tensor.shape, dtype: .float32)
        default:
            throw unsupported("DEQUANTIZE of \(tensor.type) '\(tensor.name)'")
        }
    }

    /// `scale · (q − zero point)` per tensor, or per slice along the quantized dimension.
    private func affine(_ quantized: [Float], _ tensor: TFLiteModel.Tensor) throws(TFLiteError) -> [Float] {
        guard let quantization = tensor.quantization, !quantization.scale.isEmpty else {
            throw corrupt("'\(tensor.name)' has no quantization scale")
        }
        let scales = quantization.scale
        let zeroPoints = quantization.zeroPoint.isEmpty
            ? [Int64](repeating: 0, count: scales.count) : quantization.zeroPoint
        guard zeroPoints.count == scales.count else { throw corrupt("'\(tensor.name)' has mismatched quantization") }
        if scales.count == 1 {
            return quantized.map { scales[0] * ($0 - Float(zeroPoints[0])) }
        }
        let axis = quantization.quantizedDimension
        guard tensor.shape.indices.contains(axis), tensor.shape[axis] == scales.count else {
            throw corrupt("'\(tensor.name)' has \(scales.count) scales along dimension \(axis) of \(tensor.shape)")
        }
        let inner = tensor.shape[(axis + 1)...].reduce(1, *)
        return quantized.enumerated().map { offset, value in
            let channel = (offset / inner) % scales.count
            return scales[channel] * (value - Float(zeroPoints[channel]))
        }
    }

    /// The bytes of a constant tensor, checked against its shape and type; nil when it has none.
    private func constantBytes(_ index: Int) throws(TFLiteError) -> [UInt8]? {
        let tensor = graph.tensors[index]
        let bytes = model.buffers[tensor.buffer]
        guard !bytes.isEmpty else { return nil }
        guard let size = tensor.type.byteSize else { throw unsupported("'\(tensor.name)' holds \(tensor.type) data") }
        guard bytes.count == tensor.elementCount * size else {
            throw corrupt("'\(tensor.name)' of shape \(tensor.shape) has \(bytes.count) bytes of \(tensor.type) data")
        }
        return bytes
    }

    private func hasData(_ index: Int) -> Bool { !model.buffers[graph.tensors[index].buffer].isEmpty }

    private func deviceTensor<T: BitwiseCopyable>(_ values: [T], shape: [Int], dtype: DType) throws(TFLiteError)
        -> Tensor {
        do throws(TensorError) {
            return try Tensor(values: values, shape: shape, dtype: dtype, device: device)
        } catch {
            throw TFLiteError("\(model.source): cannot load weights on \(device): \(error.message)")
        }
    }

    private static func load<T: FixedWidthInteger>(_ bytes: [UInt8], as type: T.Type) -> [T] {
        bytes.withUnsafeBytes { raw in
            (0..<raw.count / MemoryLayout<T>.size).map {
                T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self))
            }
        }
    }

    // MARK: - Shapes and messages

    /// NumPy broadcasting of two shapes; nil when they do not broadcast.
    public static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let paddedA = [Int](repeating: 1, count: rank - a.count) + a
        let paddedB = [Int](repeating: 1, count: rank - b.count) + b
        var shape: [Int] = []
        for (x, y) in zip(paddedA, paddedB) {
            guard x == y || x == 1 || y == 1 else { return nil }
            shape.append(x == 1 ? y : x)
        }
        return shape
    }

    /// Refuses shapes no face model needs (rank over 8, over 2²⁸ elements), so a damaged file
    /// cannot make libtorch allocate without bound.
    func checkSize(_ shape: [Int], _ name: String) throws(TFLiteError) {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 28 else { throw corrupt("\(name) would make a tensor of shape \(shape)") }
            count = product
        }
        guard shape.count <= 8 else { throw corrupt("\(name) would make a rank-\(shape.count) tensor") }
    }

    /// The common value of a height/width pair, which must be positive and equal.
    func square(_ height: Int, _ width: Int, _ what: String, _ name: String) throws(TFLiteError) -> Int {
        guard height > 0, width > 0, height < 1 << 16 else { throw corrupt("\(name) with \(what) \(height)×\(width)") }
        guard height == width else { throw unsupported("\(name) with unequal \(what) \(height)×\(width)") }
        return height
    }

    func checked(_ activation: TFLiteActivation) throws(TFLiteError) -> TFLiteActivation {
        guard activation != .signBit else { throw unsupported("operator \(position) fuses the SIGN_BIT activation") }
        return activation
    }

    func corrupt(_ reason: String) -> TFLiteError { .corrupt(model.source, "operator \(position): \(reason)") }

    func unsupported(_ what: String) -> TFLiteError { .unsupported(model.source, what) }
}
