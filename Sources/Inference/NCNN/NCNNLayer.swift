import Tensors

/// One loaded ncnn layer: reads its input blobs (NCHW tensors, batch first, where ncnn's blobs
/// are one sample's CHW) and returns its output blobs. Layers check the shapes they are given and
/// report mismatches as issues instead of handing libtorch a call that would stop the process.
public protocol NCNNLayer: Sendable {
    func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor]
}

extension NCNNLayer {
    /// Throws unless exactly `count` inputs were given.
    func require(_ inputs: [Tensor], count: Int) throws(NCNNModelIssue) {
        guard inputs.count == count else { throw NCNNModelIssue("takes \(count) inputs, got \(inputs.count)") }
    }

    /// Throws unless every input has the first one's shape.
    func requireSameShapes(_ inputs: [Tensor]) throws(NCNNModelIssue) {
        guard let shape = inputs.first?.shape else { throw NCNNModelIssue("has no inputs") }
        for input in inputs where input.shape != shape {
            throw NCNNModelIssue("inputs \(shape) and \(input.shape) differ in shape")
        }
    }
}
