import Foundation
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts the workers of a data-parallel run on this machine, one process per rank (torchrun's
/// job), through `Subprocess` so none outlives the launcher. Rank 0 keeps the launcher's
/// standard output, the others' goes to /dev/null; all keep standard error. When one worker
/// fails, the others are stopped and the error names its rank.
public enum WorkerLaunch {
    /// Runs `executable` once per rank with `arguments(rank)` and waits for all of them.
    public static func run(executable: String, worldSize: Int, arguments: (Int) -> [String]) throws(TrainingError) {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { if null >= 0 { close(null) } }
        var running: [pid_t: Int] = [:]
        for rank in 0..<worldSize {
            let pid = Subprocess.start(executable, arguments(rank), input: null, output: rank == 0 ? STDOUT_FILENO : null,
                                       error: STDERR_FILENO)
            guard pid > 0 else {
                let reason = String(cString: strerror(errno))
                stop(running)
                throw TrainingError("cannot start worker rank \(rank) (\(executable)): \(reason)")
            }
            running[pid] = rank
        }
        while !running.isEmpty {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, 0)
            if pid < 0 {
                if errno == EINTR { continue }
                break
            }
            guard let rank = running.removeValue(forKey: pid) else { continue }
            let signal = status & 0x7F
            let code = (status >> 8) & 0xFF
            guard signal == 0, code == 0 else {
                stop(running)
                let how = signal != 0 ? "was killed by signal \(signal)" : "exited with status \(code)"
                throw TrainingError("worker rank \(rank) of \(worldSize) \(how); the other workers were stopped (the last save of rank 0 stays)")
            }
        }
    }

    /// Sends SIGTERM to the workers still running and waits for them.
    private static func stop(_ running: [pid_t: Int]) {
        for pid in running.keys { kill(pid, SIGTERM) }
        for pid in running.keys { _ = Subprocess.waitForExit(pid) }
    }
}
