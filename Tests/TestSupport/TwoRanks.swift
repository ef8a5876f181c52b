import Foundation
import Tensors

/// Runs `body` as ranks 0 and 1 of a Gloo group on 127.0.0.1, one thread each, and returns what
/// failed, one entry per failing rank (empty when both succeeded).
public func runAsTwoRanks(timeout: TimeInterval = 20, _ body: @escaping @Sendable (ProcessGroup) throws -> Void) -> [String] {
    let port = freeLoopbackPort()
    let failures = Failures()
    onThreads(2) { rank in
        do {
            try body(try ProcessGroup(rank: rank, worldSize: 2, masterAddress: "127.0.0.1", masterPort: port, timeout: timeout))
        } catch {
            failures.add("rank \(rank): \(error)")
        }
    }
    return failures.all
}

/// Runs `body(0)` to `body(count - 1)` at once, each on its own thread, and waits for all.
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        Thread {
            defer { done.leave() }
            body(index)
        }.start()
    }
    done.wait()
}

/// Failures collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.withLock { list.append(failure) } }
    var all: [String] { lock.withLock { list } }
}
