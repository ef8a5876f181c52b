import Support

/// Landmarks could not be placed for a face (e.g. its box lies outside the frame).
public struct LandmarkingError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
