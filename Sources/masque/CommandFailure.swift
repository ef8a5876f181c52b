import ArgumentParser
import Foundation
import Media
import Support

/// How commands end on an error: one line `masque: error: <message>` on standard error and a
/// non-zero exit status (130 after Ctrl-C, 1 otherwise).
enum CommandFailure {
    /// Runs a command's body, turning any error into that line and exit status.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("\(ErrorMessage.prefix)\(ErrorMessage.oneLine(error))\n".utf8))
            throw error is Interrupted ? ExitCode(130) : ExitCode.failure
        }
    }
}
