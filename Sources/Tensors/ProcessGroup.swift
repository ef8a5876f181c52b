import CTorch
import Foundation

/// One process's membership in a data-parallel group, over libtorch's own c10d engine: a
/// TCPStore rendezvous hosted by rank 0, the Gloo backend, and NCCL for CUDA tensors when asked
/// for (each collective goes to the backend of its tensors' device). Every rank makes the
/// same collective calls in the same order; each call blocks until all ranks took part, and fails
/// with one line once a rank is gone or `timeout` passes.
public final class ProcessGroup: @unchecked Sendable {
    /// The c10d backend that carries the collectives of the workers' devices.
    public enum Backend: Int32, Sendable, CaseIterable, CustomStringConvertible {
        /// Gloo, in libtorch's CPU library: CPU tensors, and CUDA tensors through the host when
        /// libtorch's CUDA libraries are installed.
        case gloo = 0
        /// NCCL, in libtorch's CUDA libraries (`scripts/bootstrap --cuda`): CUDA tensors, GPU to
        /// GPU; the group's CPU tensors (texts, losses) and barriers still go through Gloo.
        case nccl = 1

        public var description: String { self == .gloo ? "gloo" : "nccl" }
    }

    /// This process's rank, 0 to `worldSize - 1`; rank 0 hosts the store.
    public let rank: Int
    /// Number of processes in the group.
    public let worldSize: Int
    /// How long the rendezvous and each collective may wait for the other ranks.
    public let timeout: TimeInterval
    /// Gradients are averaged in flat buckets of about this many bytes.
    public static let bucketBytes = 25 << 20

    let handle: OpaquePointer

    /// Joins the group: connects to the store at `masterAddress:masterPort` (rank 0 opens it) and
    /// waits, at most `timeout` seconds, until all `worldSize` ranks have joined. Failures are the
    /// thrown line alone: libtorch's own log lines are turned off unless `TORCH_CPP_LOG_LEVEL` is set.
    public init(backend: Backend = .gloo, rank: Int, worldSize: Int, masterAddress: String, masterPort: Int,
                timeout: TimeInterval = 60) throws(TensorError) {
        guard worldSize >= 1, (0..<worldSize).contains(rank) else {
            throw TensorError("rank \(rank) is outside a group of \(worldSize) processes")
        }
        guard (1...65535).contains(masterPort) else { throw TensorError("master port \(masterPort) is not a TCP port (1-65535)") }
        if ProcessInfo.processInfo.environment["TORCH_CPP_LOG_LEVEL"] == nil { check(ct_set_log_level(3)) }
        var out: OpaquePointer?
        try attempt(ct_process_group_new(backend.rawValue, masterAddress, Int32(masterPort), Int32(rank), Int32(worldSize),
                                         Int64(timeout * 1000), &out),
                    "rank \(rank) of \(worldSize) cannot join the \(backend) group at \(masterAddress):\(masterPort)")
        handle = out!
        self.rank = rank
        self.worldSize = worldSize
        self.timeout = timeout
    }

    deinit { ct_process_group_free(handle) }

    /// Replaces every tensor by its mean over all ranks. Tensors of one dtype and device are
    /// flattened into buckets of about `bucketBytes`, summed across ranks, divided and copied back.
    public func allReduceMean(_ tensors: [Tensor]) throws(TensorError) {
        try inBuckets(tensors) { flat throws(TensorError) in
            try allReduceSum([flat])
            return flat / Double(worldSize)
        }
    }

    /// Sums each tensor over all ranks, in place.
    public func allReduceSum(_ tensors: [Tensor]) throws(TensorError) {
        let status = withHandles(tensors) { handles in ct_all_reduce_sum(handle, handles, Int64(handles.count)) }
        try attempt(status, "rank \(rank) of \(worldSize): all-reduce failed (another rank stopped, or \(Int(timeout)) s passed)")
    }

    /// Overwrites every tensor, in place, with rank `root`'s, sent in buckets like `allReduceMean`'s.
    public func broadcast(_ tensors: [Tensor], from root: Int = 0) throws(TensorError) {
        try inBuckets(tensors) { flat throws(TensorError) in
            let status = withHandles([flat]) { handles in ct_broadcast(handle, handles, Int64(handles.count), Int32(root)) }
            try attempt(status, "rank \(rank) of \(worldSize): broadcast from rank \(root) failed (another rank stopped, or \(Int(timeout)) s passed)")
            return flat
        }
    }

    /// Rank `root`'s `text` on every rank (as `broadcast(bytes:from:)`, UTF-8); the others'
    /// `text` is ignored.
    public func broadcast(_ text: String, from root: Int = 0) throws(TensorError) -> String {
        String(decoding: try broadcast(bytes: Array(text.utf8), from: root), as: UTF8.self)
    }

    /// Rank `root`'s `bytes` on every rank (their count, then the bytes); the others' `bytes`
    /// are ignored.
    public func broadcast(bytes: [UInt8], from root: Int = 0) throws(TensorError) -> [UInt8] {
        let length = try Tensor(values: [Double(bytes.count)], shape: [1], dtype: .float64)
        try broadcast([length], from: root)
        let count = Int(length.item())
        guard count > 0 else { return [] }
        let buffer = try Tensor(values: rank == root ? bytes : [UInt8](repeating: 0, count: count), shape: [count], dtype: .uint8)
        try broadcast([buffer], from: root)
        return rank == root ? bytes : buffer.toArray(of: UInt8.self)
    }

    /// Waits until every rank reaches this call.
    public func barrier() throws(TensorError) {
        try attempt(ct_barrier(handle), "rank \(rank) of \(worldSize): barrier failed (another rank stopped, or \(Int(timeout)) s passed)")
    }

    /// Runs `collective` on each bucket of `tensors` flattened into one tensor, and copies what it
    /// returns back into the bucket's tensors.
    private func inBuckets(_ tensors: [Tensor], _ collective: (Tensor) throws(TensorError) -> Tensor) throws(TensorError) {
        for bucket in Self.buckets(tensors) {
            let flat = bucket.count == 1 ? bucket[0].reshaped([-1]).contiguous() : Tensor.cat(bucket.map { $0.reshaped([-1]) }, dim: 0)
            let result = try collective(flat)
            var offset = 0
            for tensor in bucket {
                let count = tensor.elementCount
                tensor.assign(result.slice(0, offset, offset + count).reshaped(tensor.shape))
                offset += count
            }
        }
    }

    /// Consecutive runs of `tensors` sharing a dtype and device, each at most about `bucketBytes`.
    static func buckets(_ tensors: [Tensor]) -> [[Tensor]] {
        var result: [[Tensor]] = []
        var current: [Tensor] = []
        var bytes = 0
        for tensor in tensors {
            let size = tensor.elementCount * tensor.dtype.byteSize
            if let first = current.first,
               first.dtype != tensor.dtype || first.device != tensor.device || bytes + size > bucketBytes {
                result.append(current)
                current = []
                bytes = 0
            }
            current.append(tensor)
            bytes += size
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The group every optimizer step averages gradients over (torch's default group); nil when
    /// the process trains alone. Set it once, before training starts.
    public static var current: ProcessGroup? {
        get { currentLock.withLock { currentGroup } }
        set { currentLock.withLock { currentGroup = newValue } }
    }

    private static let currentLock = NSLock()
    nonisolated(unsafe) private static var currentGroup: ProcessGroup?
}
