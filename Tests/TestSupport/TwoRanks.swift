import Foundation
import Tensors

/// Runs `body` as ranks 0 and 1 of a Gloo group on 127.0.0.1, one thread each, and returns what
/// failed, one entry per failing rank (empty when both succeeded).
public func runAsTwoRanks(timeout: TimeInterval = 20, _ body: @escaping @Sendable (ProcessGroup) throws -> Void) -> [String] {
    let port = freeLoopbackPort()
    let failures = Failures()
    let done = DispatchGroup()
    for rank in 0..<2 {
        done.enter()
        Thread {
            defer { done.leave() }
            do {
                try body(try ProcessGroup(rank: rank, worldSize: 2, masterAddress: "127.0.0.1", masterPort: port, timeout: timeout))
            } catch {
                failures.add("rank \(rank): \(error)")
            }
        }.start()
    }
    done.wait()
    return failures.all
}

/// Failures collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.withLock { list.append(failure) } }
    var all: [String] { lock.withLock { list } }
}
