import Support

/// An ONNX model file that cannot be read or run. `message` is one line that names the file
/// (and the node and operator when one is at fault).
public struct ONNXError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
