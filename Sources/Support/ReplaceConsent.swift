import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rule every command follows before it replaces or empties something that holds a user's
/// data with something that holds less (a pak with fewer faces, a non-empty output folder):
/// it goes ahead only with `--force`, or after a "y" typed at a terminal. Without a terminal
/// (scripts, tests) it refuses with a message that says what would be lost and how to proceed.
public struct ReplaceConsent: Sendable, Equatable {
    /// `--force` was given.
    public let force: Bool

    public init(force: Bool) {
        self.force = force
    }

    /// Returns when the replacement may go ahead; throws `FileError.wouldLoseData` otherwise.
    /// `loss` completes "<path> …", e.g. "holds 90 faces and would be replaced by a pack of 1".
    public func confirm(path: String, loss: String) throws(FileError) {
        if force { return }
        if isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 {
            FileHandle.standardError.write(Data("masque: \(path) \(loss). Go ahead? [y/N] ".utf8))
            if let answer = readLine(), ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) {
                return
            }
        }
        throw FileError.wouldLoseData(path: path, loss: loss)
    }
}
