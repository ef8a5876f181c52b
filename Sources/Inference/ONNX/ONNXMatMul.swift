import Tensors

/// ONNX `MatMul`: NumPy's matrix product.
public struct ONNXMatMul: ONNXKernel {
    public init() {}

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let (a, b) = (try required(inputs, 0, "A"), try required(inputs, 1, "B"))
        try requireFloat(a, "input A")
        try requireFloat(b, "input B")
        guard a.rank >= 1, b.rank >= 1, a.shape[a.rank - 1] == b.shape[Swift.max(0, b.rank - 2)] else {
            throw ONNXModelIssue("A \(a.shape) and B \(b.shape) do not multiply")
        }
        return [a.matmul(b)]
    }
}
