import Support

/// Super-resolution that cannot run: the model files, or an image it does not take.
public struct SuperResolutionError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
