import Support

/// Why a merge cannot go on: one line naming the file or setting and the fix.
public struct MergerError: MasqueError, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
