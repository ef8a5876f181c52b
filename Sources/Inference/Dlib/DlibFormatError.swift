import Foundation
import Support

/// A dlib model file (`.dat`) that cannot be read: truncated, damaged, or of a kind Masque does
/// not know. The message is one line naming the file.
public struct DlibFormatError: MasqueError, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    /// "cannot read dlib model <path>: <reason> (<fix>)".
    public init(file: URL, reason: String) {
        message = "cannot read dlib model \(file.path): \(reason) (the file is damaged or not this model: "
            + "delete it and fetch it again with masque models fetch)"
    }
}
