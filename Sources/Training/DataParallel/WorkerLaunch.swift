import Foundation
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts the workers of a data-parallel run on this machine, one process per rank (torchrun's
/// job), through `Subprocess` so none outlives the launcher. Rank 0 keeps the launcher's
/// standard output, the others' goes to /dev/null. The workers' standard error passes through,
/// except their closing `masque: error:` line: when one worker fails, the others are stopped and
/// the launcher's one line names its rank and what it said. A Ctrl-C (or SIGTERM) of the
/// launcher is passed on to every worker, so they save and stop together; the launcher then
/// throws `Interrupted`.
public enum WorkerLaunch {
    /// Runs `executable` once per rank with `arguments(rank)` and waits for all of them. The
    /// workers must put themselves in their own process group (a terminal's Ctrl-C then reaches
    /// the launcher alone, which passes it on once).
    public static func run(executable: String, worldSize: Int, arguments: (Int) -> [String]) throws {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { if null >= 0 { close(null) } }
        var running: [pid_t: (rank: Int, errors: ErrorLines)] = [:]
        for rank in 0..<worldSize {
            let pipe = try Subprocess.pipe()
            let pid = Subprocess.start(executable, arguments(rank), input: null, output: rank == 0 ? STDOUT_FILENO : null,
                                       error: pipe.write)
            let reason = String(cString: strerror(errno))
            close(pipe.write)
            guard pid > 0 else {
                close(pipe.read)
                _ = stop(running)
                throw TrainingError("cannot start worker rank \(rank) (\(executable)): \(reason)")
            }
            running[pid] = (rank, ErrorLines(reading: pipe.read))
        }
        try InterruptGuard.shared.observing { () throws -> Void in
            var passedOn = false
            while !running.isEmpty {
                if !passedOn, InterruptGuard.shared.isInterrupted {
                    for pid in running.keys { kill(pid, SIGINT) }
                    passedOn = true
                }
                var status: Int32 = 0
                let pid = waitpid(-1, &status, WNOHANG)
                if pid == 0 || (pid < 0 && errno == EINTR) {
                    usleep(20_000)
                    continue
                }
                guard pid > 0 else { break }
                guard let worker = running.removeValue(forKey: pid) else { continue }
                guard status == 0 else {
                    let first = (worker.rank, status, worker.errors)
                    let ended = [first] + stop(running)
                    throw failure(of: ended.first { $0.status & 0x7F != 0 && $0.status & 0x7F != SIGTERM } ?? first,
                                  worldSize: worldSize)
                }
            }
            if passedOn { throw Interrupted() }
        }
    }

    /// Sends SIGTERM to the workers still running and waits for them; how each ended (a wait status).
    private static func stop(_ running: [pid_t: (rank: Int, errors: ErrorLines)]) -> [(rank: Int, status: Int32, errors: ErrorLines)] {
        for pid in running.keys { kill(pid, SIGTERM) }
        return running.map { pid, worker in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return (worker.rank, status, worker.errors)
        }
    }

    /// The launcher's line for a worker that ended with wait status `status`: its own error line
    /// when it wrote one, else how it ended. A worker killed by a signal is the cause the line
    /// names even when another noticed first (it then only says a collective failed); of several
    /// killed, the first one reaped.
    private static func failure(of worker: (rank: Int, status: Int32, errors: ErrorLines), worldSize: Int) -> TrainingError {
        let signal = worker.status & 0x7F, code = (worker.status >> 8) & 0xFF
        let how = signal != 0 ? "was killed by signal \(signal)" : worker.errors.last().map { "failed: \($0)" } ?? "exited with status \(code)"
        return TrainingError("worker rank \(worker.rank) of \(worldSize) \(how) (the other workers were stopped; the last complete save stays)")
    }

    /// One worker's standard error, read on its own thread: lines pass through to the launcher's
    /// standard error, but the `masque: error:` lines are kept for the launcher's own line.
    private final class ErrorLines: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [String] = []
        private let finished = DispatchSemaphore(value: 0)

        init(reading descriptor: Int32) {
            Thread { [self] in
                var pending: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 16 * 1024)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { break }
                    pending += buffer[0..<count]
                    while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        pass(String(decoding: pending[..<end], as: UTF8.self))
                        pending.removeSubrange(...end)
                    }
                }
                if !pending.isEmpty { pass(String(decoding: pending, as: UTF8.self)) }
                close(descriptor)
                finished.signal()
            }.start()
        }

        private func pass(_ line: String) {
            if line.hasPrefix(ErrorMessage.prefix) {
                lock.withLock { kept.append(String(line.dropFirst(ErrorMessage.prefix.count))) }
            } else {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }

        /// The worker's last error line once its standard error has closed (waiting a moment for it).
        func last() -> String? {
            if finished.wait(timeout: .now() + 2) == .success { finished.signal() }
            return lock.withLock { kept.last }
        }
    }
}
