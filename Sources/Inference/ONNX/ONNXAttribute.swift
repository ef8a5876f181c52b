import Foundation

/// The value of a node attribute (`AttributeProto`), for the kinds Masque reads.
public enum ONNXAttribute: Sendable {
    case float(Float)
    case int(Int)
    case string(String)
    case tensor(ONNXTensorData)
    case floats([Float])
    case ints([Int])
    case strings([String])

    init(proto: Onnx_AttributeProto) throws(ONNXModelIssue) {
        switch proto.type {
        case .float: self = .float(proto.f)
        case .int: self = .int(Int(proto.i))
        case .string: self = .string(String(decoding: proto.s, as: UTF8.self))
        case .tensor: self = .tensor(try ONNXTensorData(proto: proto.t))
        case .floats: self = .floats(proto.floats)
        case .ints: self = .ints(proto.ints.map { Int($0) })
        case .strings: self = .strings(proto.strings.map { String(decoding: $0, as: UTF8.self) })
        default:
            throw ONNXModelIssue("attribute '\(proto.name)' is of kind \("\(proto.type)".uppercased()), which Masque does not read")
        }
    }

    /// The kind's name, for messages.
    public var kind: String {
        switch self {
        case .float: "float"
        case .int: "int"
        case .string: "string"
        case .tensor: "tensor"
        case .floats: "floats"
        case .ints: "ints"
        case .strings: "strings"
        }
    }
}
