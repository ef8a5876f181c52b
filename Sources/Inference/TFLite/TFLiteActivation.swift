/// An activation TFLite fuses into an operator (`ActivationFunctionType`).
public enum TFLiteActivation: Int8, Sendable, CustomStringConvertible {
    case none = 0
    case relu = 1
    /// Clamp to [-1, 1].
    case reluN1To1 = 2
    /// Clamp to [0, 6].
    case relu6 = 3
    case tanh = 4
    case signBit = 5

    public var description: String {
        switch self {
        case .none: "NONE"
        case .relu: "RELU"
        case .reluN1To1: "RELU_N1_TO_1"
        case .relu6: "RELU6"
        case .tanh: "TANH"
        case .signBit: "SIGN_BIT"
        }
    }
}
