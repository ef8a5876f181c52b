import Tensors

/// Turns a subgraph's operators into `TFLiteOperation`s: checks each operator's inputs, options
/// and shapes, infers its output shape and compares it with the declared one, converts weights
/// to PyTorch layouts on the device, and folds `DEQUANTIZE` of constants.
struct TFLiteGraphPlanner {
    let model: TFLiteModel
    let graph: TFLiteModel.Subgraph
    let device: Device
    /// Constant tensors that steps read as data (not as weights), by tensor index, float32.
    private(set) var constants: [Int: Tensor] = [:]
    /// Whether the planned graph keeps dimension 0 as a batch: every input and computed value is
    /// declared with dimension 0 of 1, every output depends on the inputs, and no operator mixes
    /// that dimension with another (reshapes keep it, pads leave it alone, concatenations join
    /// values that all carry the batch along another dimension, additions broadcast values
    /// without it only over the other dimensions).
    private(set) var keepsBatch = true
    /// The values that depend on the graph's inputs, and so carry their batch.
    private var batched: Set<Int> = []
    /// Shapes (TFLite order) of the values available so far: inputs, constants read as data, results.
    private var shapes: [Int: [Int]] = [:]
    /// Results of folded `DEQUANTIZE` operators, float32 in TFLite's layout.
    private var dequantized: [Int: Tensor] = [:]
    /// The operator being planned, for messages.
    private var position = 0

    init(model: TFLiteModel, graph: TFLiteModel.Subgraph, device: Device) {
        self.model = model
        self.graph = graph
        self.device = device
    }

    private enum Code {
        static let add: Int32 = 0, concatenation: Int32 = 2, conv2D: Int32 = 3, depthwiseConv2D: Int32 = 4
        static let dequantize: Int32 = 6, maxPool2D: Int32 = 17, relu: Int32 = 19, reshape: Int32 = 22
        static let resizeBilinear: Int32 = 23, pad: Int32 = 34, prelu: Int32 = 54
    }

    mutating func plan() throws(TFLiteError) -> [TFLiteInterpreter.Step] {
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
            if builtin == Code.dequantize {
                dequantized[output] = try dequantize(try input(op, 0), into: output)
                continue
            }
            let declared = graph.tensors[output]
            guard declared.type == .float32 else {
                throw unsupported("\(code.name) computes a \(declared.type) tensor; Masque runs float32 graphs")
            }
            let (operation, inputs, shape) = try prepare(op, builtin: builtin, name: code.name)
            try checkSize(shape, code.name)
            guard shape == declared.shape else {
                throw corrupt("\(code.name) computes shape \(shape) but declares \(declared.shape) for '\(declared.name)'")
            }
            shapes[output] = shape
            if inputs.contains(where: batched.contains) { batched.insert(output) }
            if shape.first != 1 { keepsBatch = false }
            steps.append(TFLiteInterpreter.Step(operation: operation, inputs: inputs, output: output, releases: []))
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

    /// The operation, its data inputs and its output shape.
    private mutating func prepare(_ op: TFLiteModel.Operator, builtin: Int32, name: String)
        throws(TFLiteError) -> (TFLiteOperation, [Int], [Int]) {
        switch builtin {
        case Code.conv2D, Code.depthwiseConv2D:
            return try convolution(op, depthwise: builtin == Code.depthwiseConv2D, name: name)
        case Code.maxPool2D:
            return try maxPool(op, name: name)
        case Code.add:
            let (a, b) = (try input(op, 0), try input(op, 1))
            let (shapeA, shapeB) = (try dataShape(a), try dataShape(b))
            guard let shape = Self.broadcast(shapeA, shapeB) else {
                throw corrupt("ADD of shapes \(shapeA) and \(shapeB), which do not broadcast")
            }
            guard case .add(let activation) = op.options else { throw corrupt("ADD without AddOptions") }
            if [(a, shapeA), (b, shapeB)].contains(where: { batched.contains($0.0) && $0.1.count != shape.count }) {
                keepsBatch = false
            }
            let channelsFirst = shapeA.count == 4 && shapeB.count == 4
            return (.add(activation: try checked(activation), channelsFirst: channelsFirst), [a, b], shape)
        case Code.concatenation:
            return try concatenation(op)
        case Code.reshape:
            return try reshape(op)
        case Code.pad:
            let x = try input(op, 0)
            let shape = try dataShape(x)
            let amounts = try integers(try input(op, 1))
            guard amounts.count == 2 * shape.count, amounts.allSatisfy({ $0 >= 0 && $0 < 1 << 20 }) else {
                throw corrupt("PAD of a rank-\(shape.count) tensor with paddings \(amounts)")
            }
            let pairs = (0..<shape.count).map { (before: amounts[2 * $0], after: amounts[2 * $0 + 1]) }
            if let batch = pairs.first, batch.before != 0 || batch.after != 0 { keepsBatch = false }
            return (.pad(pairs), [x], zip(shape, pairs).map { $0 + $1.before + $1.after })
        case Code.relu:
            let x = try input(op, 0)
            return (.relu, [x], try dataShape(x))
        case Code.prelu:
            return try prelu(op)
        case Code.resizeBilinear:
            return try resizeBilinear(op)
        default:
            throw unsupported("operator \(position) is \(name); Masque runs "
                + TFLiteInterpreter.supportedOperators.joined(separator: ", "))
        }
    }

    private mutating func convolution(_ op: TFLiteModel.Operator, depthwise: Bool, name: String)
        throws(TFLiteError) -> (TFLiteOperation, [Int], [Int]) {
        guard case .convolution(let options) = op.options else { throw corrupt("\(name) without its options") }
        let x = try input(op, 0)
        let shape = try dataShape(x)
        let filter = try weight(try input(op, 1))
        let filterShape = filter.shape
        guard shape.count == 4, shape.allSatisfy({ $0 > 0 }), filterShape.count == 4, filterShape.allSatisfy({ $0 > 0 })
        else {
            throw corrupt("\(name) of input \(shape) with filter \(filterShape)")
        }
        let inputChannels = shape[3]
        let (outputChannels, weightOIHW, groups): (Int, Tensor, Int)
        if depthwise {
            outputChannels = filterShape[3]
            guard filterShape[0] == 1, inputChannels > 0, outputChannels % inputChannels == 0 else {
                throw corrupt("\(name) of \(inputChannels) channels with filter \(filterShape)")
            }
            (weightOIHW, groups) = (filter.permuted([3, 0, 1, 2]).contiguous(), inputChannels)
        } else {
            outputChannels = filterShape[0]
            guard filterShape[3] == inputChannels else {
                throw corrupt("\(name) of \(inputChannels) channels with filter \(filterShape)")
            }
            (weightOIHW, groups) = (filter.permuted([0, 3, 1, 2]).contiguous(), 1)
        }
        var bias: Tensor?
        if op.inputs.count > 2, op.inputs[2] != -1 {
            let b = try weight(op.inputs[2])
            guard b.shape == [outputChannels] else { throw corrupt("\(name) bias \(b.shape) for \(outputChannels) channels") }
            bias = b
        }
        let stride = try square(options.strideHeight, options.strideWidth, "strides", name)
        let dilation = try square(options.dilationHeight, options.dilationWidth, "dilations", name)
        guard let rows = options.padding.plan(input: shape[1], kernel: filterShape[1], stride: stride, dilation: dilation),
              let columns = options.padding.plan(input: shape[2], kernel: filterShape[2], stride: stride, dilation: dilation)
        else { throw corrupt("\(name) filter \(filterShape) does not fit input \(shape)") }
        let padding = TFLiteOperation.SpatialPadding(top: rows.before, bottom: rows.after, left: columns.before,
                                                     right: columns.after)
        try checkSize([shape[0], shape[1] + rows.before + rows.after, shape[2] + columns.before + columns.after, shape[3]],
                      name)
        return (.convolution(weight: weightOIHW, bias: bias, stride: stride, dilation: dilation, groups: groups,
                             padding: padding, activation: try checked(options.activation)),
                [x], [shape[0], rows.output, columns.output, outputChannels])
    }

    private mutating func maxPool(_ op: TFLiteModel.Operator, name: String)
        throws(TFLiteError) -> (TFLiteOperation, [Int], [Int]) {
        guard case .pool(let options) = op.options else { throw corrupt("\(name) without Pool2DOptions") }
        let x = try input(op, 0)
        let shape = try dataShape(x)
        guard shape.count == 4, shape.allSatisfy({ $0 > 0 }) else { throw corrupt("\(name) of input \(shape)") }
        let kernel = try square(options.filterHeight, options.filterWidth, "windows", name)
        let stride = try square(options.strideHeight, options.strideWidth, "strides", name)
        guard let rows = options.padding.plan(input: shape[1], kernel: kernel, stride: stride, dilation: 1),
              let columns = options.padding.plan(input: shape[2], kernel: kernel, stride: stride, dilation: 1)
        else { throw corrupt("\(name) window \(kernel) does not fit input \(shape)") }
        let padding = TFLiteOperation.SpatialPadding(top: rows.before, bottom: rows.after, left: columns.before,
                                                     right: columns.after)
        try checkSize([shape[0], shape[1] + rows.before + rows.after, shape[2] + columns.before + columns.after, shape[3]],
                      name)
        return (.maxPool(kernel: kernel, stride: stride, padding: padding, activation: try checked(options.activation)),
                [x], [shape[0], rows.output, columns.output, shape[3]])
    }

    private mutating func concatenation(_ op: TFLiteModel.Operator) throws(TFLiteError) -> (TFLiteOperation, [Int], [Int]) {
        guard case .concatenation(let rawAxis, let activation) = op.options, !op.inputs.isEmpty else {
            throw corrupt("CONCATENATION without inputs or ConcatenationOptions")
        }
        let inputs = try (0..<op.inputs.count).map { (slot: Int) throws(TFLiteError) -> Int in try input(op, slot) }
        let inputShapes = try inputs.map { (index: Int) throws(TFLiteError) -> [Int] in try dataShape(index) }
        let rank = inputShapes[0].count
        let axis = rawAxis < 0 ? rawAxis + rank : rawAxis
        guard (0..<rank).contains(axis) else { throw corrupt("CONCATENATION along axis \(rawAxis) of rank \(rank)") }
        if axis == 0 || Set(inputs.map(batched.contains)).count > 1 { keepsBatch = false }
        var shape = inputShapes[0]
        shape[axis] = 0
        for inputShape in inputShapes {
            guard inputShape.count == rank,
                  (0..<rank).allSatisfy({ $0 == axis || inputShape[$0] == inputShapes[0][$0] }) else {
                throw corrupt("CONCATENATION of shapes \(inputShapes) along axis \(axis)")
            }
            shape[axis] += inputShape[axis]
        }
        return (.concatenation(axis: axis, activation: try checked(activation), channelsFirst: rank == 4), inputs, shape)
    }

    private mutating func reshape(_ op: TFLiteModel.Operator) throws(TFLiteError) -> (TFLiteOperation, [Int], [Int]) {
        let x = try input(op, 0)
        let inputShape = try dataShape(x)
        let count = inputShape.reduce(1, *)
        var requested = graph.tensors[op.outputs[0]].shape
        if op.inputs.count > 1, op.inputs[1] != -1 {
            requested = try integers(op.inputs[1])
        } else if case .reshape(let newShape) = op.options, !newShape.isEmpty {
            requested = newShape
        }
        let known = requested.filter { $0 != -1 }
        guard known.allSatisfy({ $0 >= 0 }), requested.count - known.count <= 1 else {
            throw corrupt("RESHAPE to \(requested)")
        }
        let knownCount = known.reduce(1, *)
        var shape = requested
        if let free = requested.firstIndex(of: -1) {
            guard knownCount > 0, count % knownCount == 0 else { throw corrupt("RESHAPE of \(count) elements to \(requested)") }
            shape[free] = count / knownCount
        }
        guard shape.reduce(1, *) == count else { throw corrupt("RESHAPE of \(count) elements to \(requested)") }
        let followsBatch = inputShape.first == 1 && shape.first == 1
        if !followsBatch { keepsBatch = false }
        return (.reshape(shape: shape, followsBatch: followsBatch), [x], shape)
    }

    private mutating func prelu(_ op: TFLiteModel.Operator) throws(TFLiteError) -> (TFLiteOperation, [Int], [Int]) {
        let x = try input(op, 0)
        let shape = try dataShape(x)
        let alpha = try weight(try input(op, 1))
        guard alpha.rank <= shape.count, Self.broadcast(shape, alpha.shape) == shape else {
            throw corrupt("PRELU of \(shape) with alpha \(alpha.shape)")
        }
        guard shape.count == 4 else { return (.prelu(alpha: alpha, channelsFirst: false), [x], shape) }
        let aligned = alpha.reshaped([Int](repeating: 1, count: 4 - alpha.rank) + alpha.shape)
        return (.prelu(alpha: aligned.permuted([0, 3, 1, 2]).contiguous(), channelsFirst: true), [x], shape)
    }

    private mutating func resizeBilinear(_ op: TFLiteModel.Operator) throws(TFLiteError) -> (TFLiteOperation, [Int], [Int]) {
        guard case .resizeBilinear(let alignCorners, let halfPixelCenters) = op.options else {
            throw corrupt("RESIZE_BILINEAR without ResizeBilinearOptions")
        }
        guard alignCorners != halfPixelCenters else {
            throw unsupported("RESIZE_BILINEAR with align_corners \(alignCorners) and half_pixel_centers \(halfPixelCenters)")
        }
        let x = try input(op, 0)
        let shape = try dataShape(x)
        let size = try integers(try input(op, 1))
        guard shape.count == 4, shape.allSatisfy({ $0 > 0 }), size.count == 2, size.allSatisfy({ $0 > 0 && $0 < 1 << 16 })
        else {
            throw corrupt("RESIZE_BILINEAR of \(shape) to \(size)")
        }
        return (.resizeBilinear(height: size[0], width: size[1], alignCorners: alignCorners), [x],
                [shape[0], size[0], size[1], shape[3]])
    }

    // MARK: - Inputs and constants

    /// The tensor index of input `slot`, which must be present.
    private func input(_ op: TFLiteModel.Operator, _ slot: Int) throws(TFLiteError) -> Int {
        guard slot < op.inputs.count, op.inputs[slot] != -1 else { throw corrupt("input \(slot) is missing") }
        return op.inputs[slot]
    }

    /// The shape of a tensor read as data; a constant read as data is loaded for `run`.
    private mutating func dataShape(_ index: Int) throws(TFLiteError) -> [Int] {
        if let shape = shapes[index] { return shape }
        guard dequantized[index] != nil || hasData(index) else {
            throw corrupt("reads '\(graph.tensors[index].name)' before it is computed")
        }
        constants[index] = try weight(index)
        shapes[index] = graph.tensors[index].shape
        return graph.tensors[index].shape
    }

    /// A float32 constant on the device in TFLite's layout: a folded `DEQUANTIZE` or a FLOAT32 buffer.
    private func weight(_ index: Int) throws(TFLiteError) -> Tensor {
        if let tensor = dequantized[index] { return tensor }
        let tensor = graph.tensors[index]
        guard tensor.type == .float32, let bytes = try constantBytes(index) else {
            throw corrupt("'\(tensor.name)' must be a float32 constant")
        }
        return try deviceTensor(Self.load(bytes, as: UInt32.self).map(Float.init(bitPattern:)), shape: tensor.shape,
                                dtype: .float32)
    }

    /// The values of an INT32 or INT64 constant.
    private func integers(_ index: Int) throws(TFLiteError) -> [Int] {
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
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
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
    private func checkSize(_ shape: [Int], _ name: String) throws(TFLiteError) {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 28 else { throw corrupt("\(name) would make a tensor of shape \(shape)") }
            count = product
        }
        guard shape.count <= 8 else { throw corrupt("\(name) would make a rank-\(shape.count) tensor") }
    }

    /// The common value of a height/width pair, which must be positive and equal.
    private func square(_ height: Int, _ width: Int, _ what: String, _ name: String) throws(TFLiteError) -> Int {
        guard height > 0, width > 0, height < 1 << 16 else { throw corrupt("\(name) with \(what) \(height)×\(width)") }
        guard height == width else { throw unsupported("\(name) with unequal \(what) \(height)×\(width)") }
        return height
    }

    private func checked(_ activation: TFLiteActivation) throws(TFLiteError) -> TFLiteActivation {
        guard activation != .signBit else { throw unsupported("operator \(position) fuses the SIGN_BIT activation") }
        return activation
    }

    private func corrupt(_ reason: String) -> TFLiteError { .corrupt(model.source, "operator \(position): \(reason)") }

    private func unsupported(_ what: String) -> TFLiteError { .unsupported(model.source, what) }
}
