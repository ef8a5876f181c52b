import DFLFormats
import Support
/// A faceset file Masque refuses or cannot process: which file, and why, on one line.
public struct FacesetError: MasqueError, Sendable {
    /// The file (or folder) concerned.
    public let file: String
    public let reason: String

    public init(file: String, reason: String) {
        self.file = PickleError.singleLine(file)
        self.reason = PickleError.singleLine(reason)
    }

    /// A pickle error from reading `file`'s metadata.
    init(_ error: PickleError) {
        self.init(file: error.source, reason: "pickle data refused at byte \(error.offset): \(error.reason)")
    }

    public var message: String { "\(file): \(reason)" }
}
