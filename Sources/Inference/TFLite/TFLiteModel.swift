import Foundation

/// A TFLite model file (`.tflite`, a FlatBuffer with identifier `TFL3`), read by hand for the part
/// of TFLite's schema (`tensorflow/compiler/mlir/lite/schema/schema.fbs`) that inference needs:
/// operator codes, subgraphs with their tensors and operators, the options of the operators
/// Masque runs, and the weight buffers. Every offset is checked while reading, so a damaged file
/// gives a `TFLiteError` naming the file.
public struct TFLiteModel: Sendable {
    /// Where the model came from (a path), used in messages.
    public let source: String
    /// The schema version (3 for current files).
    public let version: UInt32
    /// The free-text description the converter wrote, if any.
    public let modelDescription: String?
    public let operatorCodes: [OperatorCode]
    public let subgraphs: [Subgraph]
    /// The raw bytes of each buffer; buffer 0 is empty by convention.
    public let buffers: [[UInt8]]

    /// Which operator an `Operator` runs.
    public struct OperatorCode: Sendable, Equatable {
        /// The builtin operator, the larger of the schema's `builtin_code` and the older
        /// `deprecated_builtin_code` (codes up to 127 are kept in both).
        public let builtinCode: Int32
        /// The name of a custom operator (`builtin_code` 32).
        public let customCode: String?
        public let version: Int32

        /// The operator's name, e.g. `CONV_2D`, or a custom operator's name.
        public var name: String { customCode ?? TFLiteOperatorNames.name(of: builtinCode) }
    }

    /// A computation graph: tensors, the operators between them in execution order, and which
    /// tensors are its inputs and outputs.
    public struct Subgraph: Sendable {
        public let name: String?
        public let tensors: [Tensor]
        public let inputs: [Int]
        public let outputs: [Int]
        public let operators: [Operator]
    }

    /// A tensor's declaration: shape in TFLite's order (NHWC for images), element type, and the
    /// buffer holding its constant data (an empty buffer for computed tensors).
    public struct Tensor: Sendable {
        public let name: String
        public let shape: [Int]
        public let type: TFLiteTensorType
        public let buffer: Int
        public let quantization: Quantization?

        /// Number of elements.
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Affine quantization: real = scale · (quantized − zero point), per tensor (one scale) or per
    /// slice along `quantizedDimension`.
    public struct Quantization: Sendable, Equatable {
        public let scale: [Float]
        public let zeroPoint: [Int64]
        public let quantizedDimension: Int
    }

    /// One operator application. An input of -1 is an omitted optional input.
    public struct Operator: Sendable {
        public let opcodeIndex: Int
        public let inputs: [Int]
        public let outputs: [Int]
        public let options: TFLiteBuiltinOptions
    }

    /// Reads the model in `url`.
    public init(contentsOf url: URL) throws(TFLiteError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TFLiteError("cannot read TFLite model \(url.path): \(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), source: url.path)
    }

    /// Reads a model from its bytes; `source` names it in messages.
    public init(bytes: [UInt8], source: String) throws(TFLiteError) {
        self.source = source
        let buffer = FlatBuffer(bytes)
        do throws(FlatBufferError) {
            guard bytes.count >= 8 else { throw FlatBufferError("\(bytes.count) bytes is too short for a model") }
            guard buffer.fileIdentifier == "TFL3" else {
                throw FlatBufferError("file identifier is not TFL3 (not a TFLite model)")
            }
            let model = try buffer.root()
            version = try model.uint32(0)
            operatorCodes = try model.tables(1).map(Self.operatorCode)
            modelDescription = try model.string(3)
            buffers = try model.tables(4).map { table throws(FlatBufferError) in try Self.bufferBytes(table, in: buffer) }
            subgraphs = try model.tables(2).map(Self.subgraph)
        } catch {
            throw TFLiteError.corrupt(source, error.reason)
        }
        try validateReferences()
    }

    private static func operatorCode(_ table: FlatTable) throws(FlatBufferError) -> OperatorCode {
        let deprecated = Int32(try table.int8(0))
        let builtin = try table.int32(3)
        return OperatorCode(builtinCode: max(deprecated, builtin), customCode: try table.string(1),
                            version: try table.int32(2, default: 1))
    }

    /// A buffer's bytes: inline `data`, or `size` bytes at file offset `offset` (files over 2 GB
    /// keep weights after the FlatBuffer that way).
    private static func bufferBytes(_ table: FlatTable, in buffer: FlatBuffer) throws(FlatBufferError) -> [UInt8] {
        let inline = try table.bytes(0)
        let offset = try table.uint64(1)
        guard inline.isEmpty, offset > 1 else { return inline }
        let size = try table.uint64(2)
        guard offset <= UInt64(Int.max), size <= UInt64(Int.max) else {
            throw FlatBufferError("buffer at offset \(offset) of \(size) bytes is outside the file")
        }
        return try buffer.slice(at: Int(offset), count: Int(size))
    }

    private static func subgraph(_ table: FlatTable) throws(FlatBufferError) -> Subgraph {
        Subgraph(name: try table.string(4), tensors: try table.tables(0).map(tensor),
                 inputs: try table.int32s(1).map(Int.init), outputs: try table.int32s(2).map(Int.init),
                 operators: try table.tables(3).map(`operator`))
    }

    private static func tensor(_ table: FlatTable) throws(FlatBufferError) -> Tensor {
        let shape = try table.int32s(0).map(Int.init)
        let name = try table.string(3) ?? ""
        guard shape.allSatisfy({ $0 >= 0 }) else { throw FlatBufferError("tensor '\(name)' has shape \(shape)") }
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product < 1 << 40 else { throw FlatBufferError("tensor '\(name)' has shape \(shape)") }
            count = product
        }
        return Tensor(name: name, shape: shape, type: TFLiteTensorType(rawValue: try table.int8(1)),
                      buffer: Int(try table.uint32(2)), quantization: try table.table(4).map(quantization))
    }

    private static func quantization(_ table: FlatTable) throws(FlatBufferError) -> Quantization {
        Quantization(scale: try table.float32s(2), zeroPoint: try table.int64s(3),
                     quantizedDimension: Int(try table.int32(6)))
    }

    private static func `operator`(_ table: FlatTable) throws(FlatBufferError) -> Operator {
        Operator(opcodeIndex: Int(try table.uint32(0)), inputs: try table.int32s(1).map(Int.init),
                 outputs: try table.int32s(2).map(Int.init),
                 options: try TFLiteBuiltinOptions(type: try table.uint8(3), table: try table.table(4)))
    }

    /// Checks that every index (tensor, buffer, operator code) points at something that exists.
    private func validateReferences() throws(TFLiteError) {
        for (graphIndex, graph) in subgraphs.enumerated() {
            let tensorRange = graph.tensors.indices
            for tensor in graph.tensors where !buffers.indices.contains(tensor.buffer) {
                throw .corrupt(source, "tensor '\(tensor.name)' uses buffer \(tensor.buffer) of \(buffers.count)")
            }
            for index in graph.inputs + graph.outputs where !tensorRange.contains(index) {
                throw .corrupt(source, "subgraph \(graphIndex) names tensor \(index) of \(graph.tensors.count)")
            }
            for (position, op) in graph.operators.enumerated() {
                guard operatorCodes.indices.contains(op.opcodeIndex) else {
                    throw .corrupt(source, "operator \(position) uses operator code \(op.opcodeIndex) of \(operatorCodes.count)")
                }
                for index in op.outputs where !tensorRange.contains(index) {
                    throw .corrupt(source, "operator \(position) writes tensor \(index) of \(graph.tensors.count)")
                }
                for index in op.inputs where index != -1 && !tensorRange.contains(index) {
                    throw .corrupt(source, "operator \(position) reads tensor \(index) of \(graph.tensors.count)")
                }
            }
        }
    }
}
