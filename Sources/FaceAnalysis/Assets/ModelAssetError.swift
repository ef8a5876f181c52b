import Support

/// A model file is missing, damaged or could not be fetched.
public struct ModelAssetError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
