import ArgumentParser
import Foundation
import Media
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
            report(error)
            throw ExitCode(status(of: error))
        }
    }

    /// Writes `error`'s line and ends the process at once with `_exit`, skipping atexit handlers
    /// and C++ static destructors. For a data-parallel worker whose group failed: libtorch's
    /// communication threads are still blocked on the dead peer, and tearing its globals down
    /// under them corrupts the heap (a crash at exit instead of the one line). Everything the
    /// worker saved is already complete on disk (atomic writes).
    static func leave(after error: any Error) -> Never {
        let status: Int32
        if let exit = error as? ExitCode {
            status = exit.rawValue
        } else {
            report(error)
            status = self.status(of: error)
        }
        fflush(nil)
        _exit(status)
    }

    private static func report(_ error: any Error) {
        FileHandle.standardError.write(Data("\(ErrorMessage.prefix)\(ErrorMessage.oneLine(error))\n".utf8))
    }

    private static func status(of error: any Error) -> Int32 {
        error is Interrupted ? 130 : 1
    }
}
