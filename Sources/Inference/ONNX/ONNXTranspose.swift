import Tensors

/// ONNX `Transpose`: permutes the axes by `perm` (default: reversed).
public struct ONNXTranspose: ONNXKernel {
    public let permutation: [Int]?

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        permutation = try node.ints("perm", default: nil)
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data")
        let order = permutation ?? Array((0..<x.rank).reversed())
        guard order.count == x.rank, Set(order) == Set(0..<x.rank) else {
            throw ONNXModelIssue("perm \(order) does not permute the \(x.rank) axes of \(x.shape)")
        }
        return [x.permuted(order)]
    }
}
