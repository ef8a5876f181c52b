import Dispatch

/// `transform(0..<count)` computed on every core; the results come back in index order and
/// the error of the lowest failing index is rethrown, so the outcome never depends on
/// which thread finished first.
func concurrentMap<Value: Sendable>(_ count: Int, _ transform: @Sendable (Int) throws -> Value) throws -> [Value] {
    var results = [Result<Value, any Error>?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { slots in
        let slots = UnsafeMutableSendableBuffer(slots)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.buffer[index] = Result { try transform(index) }
        }
    }
    return try results.map { try $0!.get() }
}

/// A buffer whose disjoint elements different threads write; each index has one writer.
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        self.buffer = buffer
    }
}

/// A buffer that threads only read while its owner keeps it alive and unchanged.
struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>

    init(_ buffer: UnsafeBufferPointer<Element>) {
        self.buffer = buffer
    }
}
