import Foundation

/// Maps items on a fixed number of threads, keeping the input order.
enum ParallelMap {
    static func run<Input: Sendable, Output: Sendable>(_ items: [Input], workers: Int,
                                                       _ transform: @Sendable (Input) -> Output) -> [Output] {
        let results = Slots<Output>(count: items.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { _ in
            while let index = next.take(below: items.count) { results.set(index, transform(items[index])) }
        }
        return results.values()
    }

    private final class Slots<Value>: @unchecked Sendable {
        private var storage: [Value?]
        private let lock = NSLock()
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Value) { lock.withLock { storage[index] = value } }
        func values() -> [Value] { lock.withLock { storage.map { $0! } } }
    }

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func take(below limit: Int) -> Int? {
            lock.withLock {
                guard value < limit else { return nil }
                defer { value += 1 }
                return value
            }
        }
    }
}
