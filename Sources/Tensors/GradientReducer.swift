import CTorch

/// libtorch's data-parallel gradient engine (c10d's `Reducer`, the one behind PyTorch's
/// DistributedDataParallel) over a fixed list of parameters: a backward pass through it leaves
/// every parameter's gradient averaged over the group. Parameters are grouped in buckets of
/// about `ProcessGroup.bucketBytes` in reverse order, and each bucket's all-reduce starts as soon
/// as the backward pass has accumulated its last gradient, so communication overlaps the rest of
/// the backward pass instead of following it.
public final class GradientReducer: @unchecked Sendable {
    /// The leaf tensors whose gradients are averaged, in the order given.
    public let parameters: [Tensor]
    /// The group they are averaged over.
    public let group: ProcessGroup
    private let handle: OpaquePointer

    /// Hooks the reducer into the gradient accumulators of `parameters` (leaves that require
    /// gradients, on the group's devices: the CPU, or a GPU for NCCL or Gloo).
    public init(group: ProcessGroup, parameters: [Tensor]) throws(TensorError) {
        var out: OpaquePointer?
        let status = withHandles(parameters) { handles in
            ct_reducer_new(group.handle, handles, Int64(handles.count), Int64(ProcessGroup.bucketBytes), &out)
        }
        try attempt(status, "rank \(group.rank) of \(group.worldSize): cannot set up gradient averaging")
        handle = out!
        self.parameters = parameters
        self.group = group
    }

    deinit { ct_reducer_free(handle) }

    /// Backpropagates from the scalar `loss` and returns once every parameter's `grad` holds its
    /// mean over the group. Parameters `loss` does not depend on count as zero gradients here.
    /// Throws, with one line, once another rank is gone or the group's timeout passes.
    public func backward(_ loss: Tensor) throws(TensorError) {
        let context = "rank \(group.rank) of \(group.worldSize): all-reduce failed (another rank stopped, or \(Int(group.timeout)) s passed)"
        try attempt(ct_reducer_prepare(handle, loss.handle), context)
        try attempt(ct_backward(loss.handle, nil, 0), context)
    }

    /// Whether this reducer serves exactly these tensors in `group` (a device move or a reload
    /// that replaced a parameter needs a new one).
    public func serves(_ tensors: [Tensor], in group: ProcessGroup) -> Bool {
        self.group === group && tensors.count == parameters.count && zip(tensors, parameters).allSatisfy { $0 === $1 }
    }
}
