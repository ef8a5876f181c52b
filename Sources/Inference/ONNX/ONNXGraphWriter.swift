import Foundation
import SwiftProtobuf
import Tensors

/// Builds an ONNX model (`ModelProto`) node by node and serializes it: graph inputs and outputs
/// with their shapes (nil: a dynamic dimension), float32 or float16 constants, and nodes with
/// int, float and int-list attributes. What `ONNXModel` reads, written with the same generated
/// protobuf types.
public struct ONNXGraphWriter: Sendable {
    /// An attribute value.
    public enum Attribute: Sendable {
        case int(Int)
        case float(Float)
        case ints([Int])
        case string(String)
    }

    private var graph = Onnx_GraphProto()
    private var counter = 0

    /// A graph named `name` (DFL names its exports' graphs after the model class, e.g. `SAEHD`).
    public init(name: String) {
        graph.name = name
    }

    /// Declares a float32 graph input; returns its name.
    @discardableResult
    public mutating func input(_ name: String, shape: [Int?]) -> String {
        graph.input.append(Self.valueInfo(name, shape: shape))
        return name
    }

    /// Declares `value` a float32 graph output, in declaration order.
    public mutating func output(_ value: String, shape: [Int?]) {
        graph.output.append(Self.valueInfo(value, shape: shape))
    }

    /// A constant of `values` in `shape`, stored as float16 when `half` (else float32); returns its name.
    public mutating func constant(_ values: [Float], shape: [Int], half: Bool = false) -> String {
        var tensor = Onnx_TensorProto()
        tensor.name = fresh("const")
        tensor.dims = shape.map(Int64.init)
        if half {
            tensor.dataType = Int32(Onnx_TensorProto.DataType.float16.rawValue)
            let halves = Tensor(values, shape: [values.count]).to(.float16).toArray(of: UInt16.self)
            var bytes = Data(capacity: values.count * 2)
            for value in halves { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
            tensor.rawData = bytes
        } else {
            tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            var bytes = Data(capacity: values.count * 4)
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
            tensor.rawData = bytes
        }
        graph.initializer.append(tensor)
        return tensor.name
    }

    /// An int64 constant (shapes, axes); returns its name.
    public mutating func constant(int64 values: [Int], shape: [Int]) -> String {
        var tensor = Onnx_TensorProto()
        tensor.name = fresh("const")
        tensor.dims = shape.map(Int64.init)
        tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        var bytes = Data(capacity: values.count * 8)
        for value in values { withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) } }
        tensor.rawData = bytes
        graph.initializer.append(tensor)
        return tensor.name
    }

    /// Appends an `op` node reading `inputs`; returns its (first) output's name, `output` when given.
    @discardableResult
    public mutating func node(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], output: String? = nil) -> String {
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = fresh(op)
        node.input = inputs
        let name = output ?? fresh(op.lowercased())
        node.output = [name]
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            switch value {
            case .int(let i): attribute.type = .int; attribute.i = Int64(i)
            case .float(let f): attribute.type = .float; attribute.f = f
            case .ints(let list): attribute.type = .ints; attribute.ints = list.map(Int64.init)
            case .string(let s): attribute.type = .string; attribute.s = Data(s.utf8)
            }
            node.attribute.append(attribute)
        }
        graph.node.append(node)
        return name
    }

    /// The model's bytes: IR version 7 (what opset 12 goes with), the default operator set at `opset`.
    public func serialized(opset: Int, producer: String) throws(ONNXError) -> Data {
        var model = Onnx_ModelProto()
        model.irVersion = 7
        model.producerName = producer
        var set = Onnx_OperatorSetIdProto()
        set.domain = ""
        set.version = Int64(opset)
        model.opsetImport = [set]
        model.graph = graph
        do {
            return try model.serializedBytes()
        } catch {
            throw ONNXError("the ONNX graph \(graph.name) cannot be serialized: \(error)")
        }
    }

    private mutating func fresh(_ stem: String) -> String {
        counter += 1
        return "\(stem)_\(counter)"
    }

    private static func valueInfo(_ name: String, shape: [Int?]) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        var shapeProto = Onnx_TensorShapeProto()
        shapeProto.dim = shape.map { size in
            var dimension = Onnx_TensorShapeProto.Dimension()
            if let size { dimension.dimValue = Int64(size) } else { dimension.dimParam = "N" }
            return dimension
        }
        tensor.shape = shapeProto
        info.type.tensorType = tensor
        return info
    }
}
