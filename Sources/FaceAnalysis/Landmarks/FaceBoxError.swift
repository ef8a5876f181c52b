import Support

/// A face box a landmarker cannot work from (empty, or with coordinates that are not finite).
public struct FaceBoxError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
