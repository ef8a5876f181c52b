import Tensors

extension ProcessGroup {
    /// Gives every rank rank `root`'s weights of `modules` and state of `optimizers` (update count
    /// and slots), in place: DistributedDataParallel's start, so no rank can begin a data-parallel
    /// run from other weights than rank 0's (another seed, another save).
    public func broadcast(modules: [Module], optimizers: [Optimizer], from root: Int = 0) throws(TensorError) {
        let updates = try Tensor(values: optimizers.map { Double($0.iterations) }, shape: [optimizers.count], dtype: .float64)
        let weights = modules.flatMap { $0.parameters().map(\.value) }
        let state = optimizers.flatMap { optimizer in optimizer.slotNames.flatMap { optimizer.slots[$0]! } }
        try withoutGradients { () throws(TensorError) in try broadcast(weights + state + (optimizers.isEmpty ? [] : [updates]), from: root) }
        for (optimizer, count) in zip(optimizers, updates.toArray(of: Double.self)) {
            optimizer.restore(iterations: Int64(count), slots: optimizer.slots)
        }
    }
}
