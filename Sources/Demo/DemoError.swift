import Support

/// The demo cannot start or go on; one line naming the folder and the fix.
public struct DemoError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
