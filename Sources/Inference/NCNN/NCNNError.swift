import Support

/// An ncnn model (`.param` / `.bin`) that cannot be read or run. `message` is one line that names
/// the file (and the layer when one is at fault).
public struct NCNNError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
