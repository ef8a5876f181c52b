import CTorch

/// Counts the memory that tensor operations allocate on the calling thread while a body runs:
/// the bytes of every distinct storage their results hold (a view shares its base's storage
/// and is counted once; a view of a tensor made before the measurement counts its base). Run over a training forward pass, it bounds from above what autograd
/// keeps for the backward pass; the memory estimate of training is built on it.
public enum AllocationTally {
    final class Box: @unchecked Sendable {
        var seen: Set<UInt> = []
        var bytes = 0
    }

    @TaskLocal static var current: Box?

    /// Runs `body` and returns its result with the bytes of the storages its operations made.
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, bytes: Int) {
        let box = Box()
        let result = try $current.withValue(box) { try body() }
        return (result, box.bytes)
    }

    /// Adds `tensor`'s storage when a measurement is running.
    static func note(_ tensor: Tensor) {
        guard let box = current else { return }
        var address: UInt = 0, bytes = 0
        guard ct_storage(tensor.handle, &address, &bytes) == 0, box.seen.insert(address).inserted else { return }
        box.bytes += bytes
    }
}
