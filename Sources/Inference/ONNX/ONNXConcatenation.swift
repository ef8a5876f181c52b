import Tensors

/// ONNX `Concat`: joins inputs of equal rank along `axis` (negative counts from the end).
public struct ONNXConcatenation: ONNXKernel {
    public let axis: Int

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        guard node.attributes["axis"] != nil else { throw ONNXModelIssue("the required attribute 'axis' is missing") }
        axis = try node.int("axis", default: 0)
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let tensors = inputs.compactMap { $0 }
        guard let first = tensors.first else { throw ONNXModelIssue("no inputs") }
        let shape = first.shape
        let dimension = axis < 0 ? axis + shape.count : axis
        guard (0..<shape.count).contains(dimension) else {
            throw ONNXModelIssue("axis \(axis) is outside the rank \(shape.count) of input \(shape)")
        }
        for tensor in tensors {
            let other = tensor.shape
            guard tensor.dtype == first.dtype, other.count == shape.count,
                  (0..<shape.count).allSatisfy({ $0 == dimension || other[$0] == shape[$0] }) else {
                throw ONNXModelIssue("inputs \(shape) (\(first.dtype)) and \(other) (\(tensor.dtype)) do not join along axis \(axis)")
            }
        }
        return [Tensor.cat(tensors, dim: dimension)]
    }
}
