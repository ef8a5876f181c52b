import Foundation
import Tensors

/// A constant tensor stored in an ONNX model (an initializer), held on the host.
public struct ONNXTensorData: Sendable {
    public let name: String
    public let elementType: ONNXElementType
    /// Sizes of each dimension; empty for a scalar.
    public let shape: [Int]
    /// The elements in row-major order, little-endian, `elementType.byteSize` bytes each.
    public let bytes: Data

    public var elementCount: Int { shape.reduce(1, *) }

    /// A float tensor holding `values`.
    public init(name: String, shape: [Int], floats values: [Float]) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values do not fill shape \(shape)")
        self.name = name
        elementType = .float
        self.shape = shape
        bytes = values.withUnsafeBytes { Data($0) }
    }

    /// Reads a `TensorProto`'s data from `raw_data` or from the typed field its type uses.
    init(proto: Onnx_TensorProto) throws(ONNXModelIssue) {
        name = proto.name
        guard let type = ONNXElementType(code: proto.dataType) else {
            throw ONNXModelIssue("tensor '\(proto.name)' has element type \(ONNXElementType.name(ofCode: proto.dataType)), which Masque does not read")
        }
        guard proto.dataLocation != .external else {
            throw ONNXModelIssue("tensor '\(proto.name)' keeps its data in an external file, which Masque does not read (save the model with its weights inside)")
        }
        guard proto.dims.allSatisfy({ $0 >= 0 }) else {
            throw ONNXModelIssue("tensor '\(proto.name)' has negative dimensions \(proto.dims)")
        }
        elementType = type
        shape = proto.dims.map { Int($0) }
        let count = shape.reduce(1, *)
        if proto.hasRawData {
            bytes = proto.rawData
        } else {
            switch type {
            case .float: bytes = Self.pack(proto.floatData)
            case .double: bytes = Self.pack(proto.doubleData)
            case .int64: bytes = Self.pack(proto.int64Data)
            case .int32: bytes = Self.pack(proto.int32Data)
            case .uint8, .bool: bytes = Data(proto.int32Data.map { UInt8(truncatingIfNeeded: $0) })
            case .float16, .bfloat16: bytes = Self.pack(proto.int32Data.map { UInt16(truncatingIfNeeded: $0) })
            }
        }
        guard bytes.count == count * type.byteSize else {
            throw ONNXModelIssue("tensor '\(proto.name)' holds \(bytes.count) bytes of data, its shape \(shape) of \(type) needs \(count * type.byteSize)")
        }
    }

    /// The elements as `Float`, when the element type is `float`.
    public func floats() -> [Float]? {
        guard elementType == .float else { return nil }
        return bytes.withUnsafeBytes { raw in (0..<elementCount).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
    }

    /// The constant as a tensor on `device`; floating-point types become `float32`, the type the
    /// graph executor computes in.
    public func tensor(on device: Device) throws(TensorError) -> Tensor {
        let stored: Tensor
        if elementCount == 0 {
            stored = Tensor.zeros(shape, dtype: elementType.dtype, device: device)
        } else {
            let made = bytes.withUnsafeBytes { raw in
                Result { () throws(TensorError) in try Tensor(host: raw, shape: shape, dtype: elementType.dtype, device: device) }
            }
            stored = try made.get()
        }
        return elementType.isFloatingPoint && elementType != .float ? stored.to(.float32) : stored
    }

    private static func pack<T: BitwiseCopyable>(_ values: [T]) -> Data { values.withUnsafeBytes { Data($0) } }
}
