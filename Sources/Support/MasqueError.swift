import Foundation

/// An error a user can act on. `message` is one line that names the file involved and the fix.
///
/// The CLI prints it as `masque: error: <message>`; libraries throw conforming types
/// instead of raw system errors so that every failure reads the same way.
public protocol MasqueError: Error, CustomStringConvertible {
    /// One line: what went wrong, with which file, and what to do about it.
    var message: String { get }
}

extension MasqueError {
    public var description: String { message }
}

/// Turns any error into the single line the CLI prints after `error: `.
public enum ErrorMessage {
    /// What the CLI writes before the line on standard error.
    public static let prefix = "masque: error: "

    /// The error's one-line message: `MasqueError.message`, else `LocalizedError.errorDescription`,
    /// else its description; line breaks are folded into `; ` so it always fits one line.
    public static func oneLine(_ error: any Error) -> String {
        let text: String
        if let masque = error as? any MasqueError {
            text = masque.message
        } else if let localized = error as? any LocalizedError, let described = localized.errorDescription {
            text = described
        } else {
            text = String(describing: error)
        }
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return lines.isEmpty ? "unknown error (\(type(of: error)))" : lines.joined(separator: "; ")
    }
}
