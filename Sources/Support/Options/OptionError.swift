import Support

/// An option that cannot be taken as given: one line naming the option, its source and the fix.
public struct OptionError: MasqueError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
