import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way Masque starts a tool (ffmpeg, ffprobe, unzip, pip): through `masque_spawn`, so the
/// child gets a parent-death signal and never outlives a killed masque, with close-on-exec
/// pipes so no other child inherits them.
public enum Subprocess {
    /// What a finished tool printed and how it ended.
    public struct Result: Sendable {
        /// Exit status, or the signal number that ended it.
        public var status: Int32
        /// Standard output (empty when it went to a file).
        public var output: Data
        /// Standard error.
        public var errors: Data
    }

    /// A pipe whose ends are close-on-exec; throws with the system's reason.
    public static func pipe() throws(FileError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard masque_pipe(&ends) == 0 else {
            throw FileError.unreadable(path: "a pipe", reason: String(cString: strerror(errno)))
        }
        return (ends[0], ends[1])
    }

    /// Starts `executable` with `arguments` and this process's environment, its standard streams
    /// on the given descriptors, in `directory` when given. Returns the pid, or -1 with `errno` set.
    public static func start(_ executable: String, _ arguments: [String], input: Int32, output: Int32, error: Int32,
                             directory: String? = nil) -> pid_t {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        return argv.withUnsafeBufferPointer { arguments in
            environment.withUnsafeBufferPointer { variables in
                masque_spawn(executable, arguments.baseAddress, variables.baseAddress, input, output, error, directory)
            }
        }
    }

    /// Waits for `pid`; its exit status, or the signal number that ended it (-1 if it cannot be waited for).
    public static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : signal
    }

    /// Runs a short tool to completion: standard input empty, standard output into `outputFile`
    /// (or collected), standard error collected. Throws only when it cannot be started.
    public static func run(_ executable: URL, _ arguments: [String], outputFile: URL? = nil,
                           directory: URL? = nil) throws(FileError) -> Result {
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if input >= 0 { close(input) } }
        let errors = try pipe()
        var output: (read: Int32, write: Int32)
        if let outputFile {
            let descriptor = open(outputFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                close(errors.read)
                close(errors.write)
                throw FileError.writeFailed(path: outputFile.path, reason: String(cString: strerror(errno)))
            }
            output = (-1, descriptor)
        } else {
            output = try pipe()
        }
        let pid = start(executable.path, arguments, input: input, output: output.write, error: errors.write, directory: directory?.path)
        let reason = String(cString: strerror(errno))
        close(output.write)
        close(errors.write)
        guard pid > 0 else {
            if output.read >= 0 { close(output.read) }
            close(errors.read)
            throw FileError.unreadable(path: executable.path, reason: "cannot be started (\(reason))")
        }
        let collected = Collected()
        let reader = DispatchGroup()
        if output.read >= 0 {
            let descriptor = output.read
            reader.enter()
            Thread {
                collected.set(readAll(descriptor))
                close(descriptor)
                reader.leave()
            }.start()
        }
        let errorBytes = readAll(errors.read)
        close(errors.read)
        let status = waitForExit(pid)
        reader.wait()
        return Result(status: status, output: collected.data, errors: errorBytes)
    }

    /// Everything `descriptor` delivers until end of file.
    public static func readAll(_ descriptor: Int32) -> Data {
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                result.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return result
            }
        }
    }

    /// Standard output read on another thread.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes = Data()
        var data: Data { lock.withLock { bytes } }
        func set(_ data: Data) { lock.withLock { bytes = data } }
    }
}
