import Foundation

/// The one parallel map: `transform` applied to every index or item on up to `workers`
/// threads. Results come back in input order and, when several fail, the error of the lowest
/// failing index is thrown, so the outcome never depends on which thread finished first.
/// Threads take indices in increasing order, so earlier items start first.
public enum ParallelMap {
    /// The default number of threads: one per active core.
    public static var allCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `transform(0..<count)` on up to `workers` threads (at least one).
    public static func map<Value: Sendable, Failure: Error>(
        _ count: Int, workers: Int = allCores, _ transform: @Sendable (Int) throws(Failure) -> Value
    ) throws(Failure) -> [Value] {
        guard count > 0 else { return [] }
        var results = [Result<Value, Failure>?](repeating: nil, count: count)
        let next = IndexDispenser(limit: count)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeMutableSendableBuffer(slots)
            DispatchQueue.concurrentPerform(iterations: min(max(1, workers), count)) { _ in
                while let index = next.take() {
                    slots.buffer[index] = Result { () throws(Failure) -> Value in try transform(index) }
                }
            }
        }
        var values: [Value] = []
        values.reserveCapacity(count)
        for result in results {
            guard let result else { preconditionFailure("ParallelMap: an index was not computed") }
            values.append(try result.get())
        }
        return values
    }

    /// `transform` of every item, on up to `workers` threads (at least one).
    public static func map<Input: Sendable, Output: Sendable, Failure: Error>(
        _ items: [Input], workers: Int = allCores, _ transform: @Sendable (Input) throws(Failure) -> Output
    ) throws(Failure) -> [Output] {
        try map(items.count, workers: workers) { (index: Int) throws(Failure) -> Output in try transform(items[index]) }
    }

    /// Hands out 0, 1, 2, … below `limit`, once each, to whichever thread asks.
    private final class IndexDispenser: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let limit: Int

        init(limit: Int) { self.limit = limit }

        func take() -> Int? {
            lock.withLock {
                guard next < limit else { return nil }
                defer { next += 1 }
                return next
            }
        }
    }
}

/// A buffer whose disjoint elements different threads write; each index has one writer.
public struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    public let buffer: UnsafeMutableBufferPointer<Element>

    public init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        self.buffer = buffer
    }
}

/// A buffer that threads only read while its owner keeps it alive and unchanged.
public struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
    public let buffer: UnsafeBufferPointer<Element>

    public init(_ buffer: UnsafeBufferPointer<Element>) {
        self.buffer = buffer
    }
}
