/// The element type of a TFLite tensor (`TensorType` in TFLite's schema).
public struct TFLiteTensorType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int8

    public init(rawValue: Int8) { self.rawValue = rawValue }

    public static let float32 = TFLiteTensorType(rawValue: 0)
    public static let float16 = TFLiteTensorType(rawValue: 1)
    public static let int32 = TFLiteTensorType(rawValue: 2)
    public static let uint8 = TFLiteTensorType(rawValue: 3)
    public static let int64 = TFLiteTensorType(rawValue: 4)
    public static let int8 = TFLiteTensorType(rawValue: 9)

    private static let names = [
        "FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64", "INT8", "FLOAT64",
        "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4", "BFLOAT16", "INT2", "UINT4",
        "FLOAT8_E4M3FN", "FLOAT8_E5M2",
    ]

    /// Bytes per element for the fixed-size types Masque reads; nil for the others.
    public var byteSize: Int? {
        switch self {
        case .float32, .int32: 4
        case .float16: 2
        case .uint8, .int8: 1
        case .int64: 8
        default: nil
        }
    }

    /// The schema's name, e.g. `FLOAT16`.
    public var description: String {
        Self.names.indices.contains(Int(rawValue)) ? Self.names[Int(rawValue)] : "type \(rawValue)"
    }
}
