import Foundation
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to a child's standard input from the feeding thread.
struct ChildInput: Sendable {
    fileprivate let descriptor: Int32

    /// Writes all of `data`; returns false when the child closed its input (it exited or failed),
    /// in which case the caller should stop feeding.
    func write(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}

/// How a child process ended and what it printed.
struct ChildProcessResult: Sendable {
    /// Exit status, or the signal number when it was killed by a signal.
    let status: Int32
    /// Everything written to standard output, unless lines were streamed to a handler.
    let standardOutput: Data
    /// Everything written to standard error.
    let standardError: String

    /// The last non-empty line of standard error, trimmed to a printable length.
    var lastErrorLine: String {
        let line = standardError.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .last { !$0.isEmpty } ?? "no error message"
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}

/// Runs a tool (ffmpeg, ffprobe) as a child process: optional standard input fed from a
/// separate thread, standard output collected or streamed as lines, standard error collected.
/// The child is tracked by `InterruptGuard`, so Ctrl-C terminates it.
struct ChildProcess {
    /// Tool name for messages, e.g. "ffmpeg".
    let tool: String
    /// The executable.
    let executable: URL
    /// Arguments after the executable name.
    let arguments: [String]
    /// Feeds standard input; runs on its own thread, the input is closed when it returns.
    var feedInput: (@Sendable (ChildInput) throws -> Void)?
    /// Receives each line of standard output instead of collecting it.
    var onOutputLine: (@Sendable (Substring) -> Void)?

    init(
        tool: String, executable: URL, arguments: [String],
        feedInput: (@Sendable (ChildInput) throws -> Void)? = nil,
        onOutputLine: (@Sendable (Substring) -> Void)? = nil
    ) {
        self.tool = tool
        self.executable = executable
        self.arguments = arguments
        self.feedInput = feedInput
        self.onOutputLine = onOutputLine
    }

    /// Runs the child to completion. Throws `MediaError.toolLaunchFailed` when it cannot start,
    /// `.interrupted` after Ctrl-C, and whatever `feedInput` threw; a non-zero exit is returned,
    /// not thrown. The child is killed if Masque dies (parent-death signal, see `masque_spawn`).
    func run() throws -> ChildProcessResult {
        let outputPipe = try Self.pipe(tool: tool, path: executable.path)
        let errorPipe = try Self.pipe(tool: tool, path: executable.path)
        let inputPipe = feedInput == nil ? nil : try Self.pipe(tool: tool, path: executable.path)
        let nullInput = inputPipe == nil ? open("/dev/null", O_RDONLY | O_CLOEXEC) : -1
        defer { if nullInput >= 0 { close(nullInput) } }

        let guardian = InterruptGuard.shared
        let childID: pid_t
        do {
            childID = try guardian.launch {
                let pid = Subprocess.start(executable.path, arguments,
                                           input: inputPipe?.read ?? nullInput, output: outputPipe.write, error: errorPipe.write)
                guard pid > 0 else {
                    throw MediaError.toolLaunchFailed(tool: tool, path: executable.path, reason: String(cString: strerror(errno)))
                }
                return pid
            }
        } catch {
            for descriptor in [outputPipe.read, outputPipe.write, errorPipe.read, errorPipe.write,
                               inputPipe?.read ?? -1, inputPipe?.write ?? -1] where descriptor >= 0 {
                close(descriptor)
            }
            throw error
        }
        defer { guardian.forget(childID) }
        close(outputPipe.write)
        close(errorPipe.write)
        if let inputPipe { close(inputPipe.read) }

        let threads = DispatchGroup()
        let output = ByteCollector()
        let errors = ByteCollector()
        let lineHandler = onOutputLine
        let outputDescriptor = outputPipe.read
        let errorDescriptor = errorPipe.read
        startThread(in: threads, name: "\(tool).stdout") {
            readToEnd(outputDescriptor) { chunk in
                if let lineHandler { output.appendLines(chunk, to: lineHandler) } else { output.append(chunk) }
            }
            if let lineHandler { output.flushPartialLine(to: lineHandler) }
            close(outputDescriptor)
        }
        startThread(in: threads, name: "\(tool).stderr") {
            readToEnd(errorDescriptor) { errors.append($0) }
            close(errorDescriptor)
        }
        let feedFailure = FailureBox()
        if let feedInput, let inputPipe {
            let inputDescriptor = inputPipe.write
            startThread(in: threads, name: "\(tool).stdin") {
                var blocked = sigset_t()
                sigemptyset(&blocked)
                sigaddset(&blocked, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &blocked, nil)
                do {
                    try feedInput(ChildInput(descriptor: inputDescriptor))
                } catch {
                    feedFailure.store(error)
                    kill(childID, SIGTERM)
                }
                close(inputDescriptor)
            }
        }

        let status = Subprocess.waitForExit(childID)
        threads.wait()
        try guardian.throwIfInterrupted()
        if let error = feedFailure.error { throw error }
        return ChildProcessResult(
            status: status,
            standardOutput: output.data,
            standardError: String(decoding: errors.data, as: UTF8.self)
        )
    }

    /// A close-on-exec pipe (`Subprocess.pipe`), as a launch failure of this tool.
    private static func pipe(tool: String, path: String) throws -> (read: Int32, write: Int32) {
        do throws(FileError) {
            return try Subprocess.pipe()
        } catch {
            throw MediaError.toolLaunchFailed(tool: tool, path: path, reason: error.message)
        }
    }

    private func startThread(in group: DispatchGroup, name: String, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = name
        thread.start()
    }
}

/// `write(2)`, named apart from `ChildInput.write`.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// Reads a descriptor until end of file, handing each chunk to `consume`.
private func readToEnd(_ descriptor: Int32, _ consume: (Data) -> Void) {
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        if count > 0 {
            consume(Data(buffer[0..<count]))
        } else if count < 0 && errno == EINTR {
            continue
        } else {
            return
        }
    }
}

/// Bytes gathered by one reader thread, read by the waiting thread after the reader finished.
private final class ByteCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    var data: Data { lock.withLock { bytes } }

    func append(_ chunk: Data) {
        lock.withLock { bytes.append(chunk) }
    }

    /// Appends `chunk` and passes every completed line to `handler`, keeping the unfinished rest.
    func appendLines(_ chunk: Data, to handler: (Substring) -> Void) {
        let lines: [Substring] = lock.withLock {
            bytes.append(chunk)
            guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
            let complete = String(decoding: bytes[..<lastNewline], as: UTF8.self)
            bytes = Data(bytes[(lastNewline + 1)...])
            return complete.split(whereSeparator: \.isNewline)
        }
        lines.forEach(handler)
    }

    /// Passes a last line that had no newline to `handler`.
    func flushPartialLine(to handler: (Substring) -> Void) {
        let rest = lock.withLock {
            defer { bytes = Data() }
            return String(decoding: bytes, as: UTF8.self)
        }
        if !rest.isEmpty { handler(Substring(rest)) }
    }
}

/// The first error thrown on another thread.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    var error: (any Error)? { lock.withLock { stored } }

    func store(_ error: any Error) {
        lock.withLock { if stored == nil { stored = error } }
    }
}
