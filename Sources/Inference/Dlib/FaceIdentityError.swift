import Support

/// A face that cannot be turned into an identity embedding (wrong landmark count, bad image).
public struct FaceIdentityError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
