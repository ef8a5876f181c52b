import Tensors

/// ncnn `Concat`: joins its inputs along `0=axis` of one sample's blob (0 = channels of a CHW
/// blob; negative counts from the end).
public struct NCNNConcat: NCNNLayer {
    public let axis: Int

    public init(_ layer: NCNNLayerDescription) throws(NCNNModelIssue) {
        axis = try layer.params.int(0, default: 0)
    }

    public func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor] {
        guard let first = inputs.first else { throw NCNNModelIssue("has no inputs") }
        let sampleRank = first.rank - 1
        let normalized = axis < 0 ? axis + sampleRank : axis
        guard (0..<sampleRank).contains(normalized) else {
            throw NCNNModelIssue("axis \(axis) is outside a blob of rank \(sampleRank)")
        }
        let dimension = normalized + 1
        let shape = first.shape
        for input in inputs {
            let other = input.shape
            guard other.count == shape.count, (0..<shape.count).allSatisfy({ $0 == dimension || other[$0] == shape[$0] }) else {
                throw NCNNModelIssue("inputs \(shape) and \(other) do not join along axis \(axis)")
            }
        }
        guard inputs.count > 1 else { return [first] }
        if dimension == 1, first.rank == 4 {
            // The network keeps blobs channels-last (NHWC in memory): joining them as NHWC views
            // along their last dimension is one contiguous copy, about 3x faster than libtorch's
            // channels-last concatenation along C; the result is channels-last again.
            let joined = Tensor.cat(inputs.map { $0.permuted([0, 2, 3, 1]) }, dim: 3)
            return [joined.permuted([0, 3, 1, 2])]
        }
        return [Tensor.cat(inputs, dim: dimension)]
    }
}
