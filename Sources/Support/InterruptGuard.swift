import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Write end of the pipe the signal handler pokes; set once, before the handler is installed,
/// and only read afterwards (from the handler), so unsynchronised access is safe.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1

/// The SIGINT/SIGTERM handler: async-signal-safe, it only writes the signal number to the pipe.
private func forwardSignalToWatcher(_ signalNumber: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signalNumber)
    _ = write(interruptPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// The one interrupt token: makes Ctrl-C (SIGINT) and SIGTERM safe during long work.
///
/// While an operation runs (inside `guarding`), the first interrupt terminates the running
/// children (ffmpeg, ffprobe) and marks the operation interrupted, which a trainer or merger
/// observes through `isInterrupted` / `throwIfInterrupted()` at its safe points; the operation then removes its
/// partial output and throws `Interrupted()`. A second interrupt, or one while no
/// operation runs, kills the children, deletes registered temporary files and exits with 130.
public final class InterruptGuard: @unchecked Sendable {
    /// The one guard of this process (signal handlers are per process).
    public static let shared = InterruptGuard()

    private let lock = NSLock()
    private var installed = false
    private var activeOperations = 0
    private var interrupted = false
    private var children: Set<pid_t> = []
    private var temporaryPaths: Set<String> = []

    /// How long a child may take to stop after SIGTERM before it is killed.
    public static let graceSeconds = 0.5

    private init() {}

    /// Runs `body` as an interruptible operation; throws `Interrupted()` if an
    /// interrupt arrived while it ran, even when `body` itself finished.
    public func guarding<T>(_ body: () throws -> T) throws -> T {
        begin()
        defer { end() }
        let result = try body()
        try throwIfInterrupted()
        return result
    }

    /// Runs `body` as an interruptible operation that watches `isInterrupted` itself and ends on
    /// its own terms (a trainer saves and returns): the first interrupt only marks it, a second
    /// exits at once (130) without waiting for `body`.
    public func observing<T>(_ body: () throws -> T) rethrows -> T {
        begin()
        defer { end() }
        return try body()
    }

    /// Whether an interrupt arrived during the current operation.
    public var isInterrupted: Bool {
        lock.withLock { interrupted }
    }

    /// Throws `Interrupted()` when an interrupt arrived; call at safe points.
    public func throwIfInterrupted() throws {
        if isInterrupted { throw Interrupted() }
    }

    /// Starts a child with `start` (which returns its pid) and tracks it so an interrupt can
    /// terminate it. Refuses to start (throws `Interrupted`) once an interrupt has arrived.
    public func launch(_ start: () throws -> pid_t) throws -> pid_t {
        try lock.withLock {
            if interrupted { throw Interrupted() }
            let pid = try start()
            children.insert(pid)
            return pid
        }
    }

    /// Stops tracking a child that has exited.
    public func forget(_ pid: pid_t) {
        _ = lock.withLock { children.remove(pid) }
    }

    /// Registers a temporary file or folder to delete if the process is forced to exit.
    public func trackTemporary(_ url: URL) {
        _ = lock.withLock { temporaryPaths.insert(url.path) }
    }

    /// Unregisters a temporary path (it was renamed into place or removed).
    public func forgetTemporary(_ url: URL) {
        _ = lock.withLock { temporaryPaths.remove(url.path) }
    }

    private func begin() {
        lock.withLock {
            if activeOperations == 0 { interrupted = false }
            activeOperations += 1
            installIfNeeded()
        }
    }

    private func end() {
        lock.withLock { activeOperations -= 1 }
    }

    /// Installs the handlers and the watcher thread once; called with the lock held.
    private func installIfNeeded() {
        guard !installed else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        interruptPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let watcher = Thread { [self] in
            // A parent may have started us with these signals blocked (the mask is inherited);
            // unblocked here, they always reach at least this thread.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    handleInterrupt()
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        watcher.name = "masque.interrupt-watcher"
        watcher.start()
        signal(SIGINT, forwardSignalToWatcher)
        signal(SIGTERM, forwardSignalToWatcher)
        installed = true
    }

    private func handleInterrupt() {
        let (pids, temporaries, exitNow) = lock.withLock {
            let exitNow = activeOperations == 0 || interrupted
            interrupted = true
            return (children, temporaryPaths, exitNow)
        }
        guard exitNow else {
            // ffmpeg finishes its output on SIGTERM, which can take long (a huge --fps); what
            // has not stopped within `graceSeconds` is killed, so masque stops within a second.
            for pid in pids { kill(pid, SIGTERM) }
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.graceSeconds) { [self] in
                let remaining = lock.withLock { children.intersection(pids) }
                for pid in remaining { kill(pid, SIGKILL) }
            }
            return
        }
        for pid in pids { kill(pid, SIGKILL) }
        for path in temporaries { try? FileManager.default.removeItem(atPath: path) }
        exit(130)
    }
}

/// The user interrupted (Ctrl-C / SIGTERM) the running operation; its partial output was removed.
public struct Interrupted: MasqueError, Equatable {
    public init() {}

    public var message: String {
        "interrupted; unfinished output was removed, run the command again to redo it"
    }
}
