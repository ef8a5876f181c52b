import Tensors

/// The element types of ONNX tensors that Masque can hold, with their `TensorProto.DataType` codes.
public enum ONNXElementType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case float = 1, uint8 = 2, int32 = 6, int64 = 7, bool = 9, float16 = 10, double = 11, bfloat16 = 16

    /// The element type with ONNX code `code`, or nil for types Masque does not hold.
    public init?(code: Int32) { self.init(rawValue: code) }

    /// The engine's element type for values of this type.
    public var dtype: DType {
        switch self {
        case .float: .float32
        case .uint8: .uint8
        case .int32: .int32
        case .int64: .int64
        case .bool: .bool
        case .float16: .float16
        case .double: .float64
        case .bfloat16: .bfloat16
        }
    }

    /// Bytes per element in `raw_data`.
    public var byteSize: Int { dtype.byteSize }

    public var isFloatingPoint: Bool { dtype.isFloatingPoint }

    /// ONNX's upper-case name, e.g. `FLOAT`.
    public var description: String { Self.name(ofCode: rawValue) }

    /// ONNX's upper-case name of any data type code, for messages about types Masque does not hold.
    public static func name(ofCode code: Int32) -> String {
        guard let type = Onnx_TensorProto.DataType(rawValue: Int(code)) else { return "type \(code)" }
        return "\(type)".uppercased()
    }
}
