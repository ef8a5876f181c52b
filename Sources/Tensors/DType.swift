import CTorch

/// Element type of a tensor. Raw values match CTorch's `ct_dtype`.
public enum DType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case float32 = 0, float16 = 1, bfloat16 = 2, uint8 = 3, int64 = 4, bool = 5, int32 = 6, float64 = 7

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float16, .bfloat16: 2
        case .uint8, .bool: 1
        case .int64, .float64: 8
        }
    }

    public var isFloatingPoint: Bool { self == .float32 || self == .float16 || self == .bfloat16 || self == .float64 }

    public var description: String {
        switch self {
        case .float32: "f32"
        case .float16: "f16"
        case .bfloat16: "bf16"
        case .uint8: "u8"
        case .int64: "i64"
        case .bool: "bool"
        case .int32: "i32"
        case .float64: "f64"
        }
    }
}
