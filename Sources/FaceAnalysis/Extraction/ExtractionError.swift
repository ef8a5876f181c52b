import Support

/// Extraction cannot start or go on; one line naming the file and the fix.
public struct ExtractionError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
