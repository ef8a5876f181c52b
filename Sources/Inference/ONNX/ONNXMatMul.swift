import Tensors

/// ONNX `MatMul`: NumPy's matrix product.
///
/// A CPU float32 product of a matrix by a constant matrix (a dense layer's weight) runs on
/// oneDNN with that weight reordered into oneDNN's layout once per row count (from its second
/// run, once it is known to be the same tensor every time).
public struct ONNXMatMul: ONNXKernel {
    private let packedWeights = ONNXPackedWeights(fromSecondUse: true)

    public init() {}

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let (a, b) = (try required(inputs, 0, "A"), try required(inputs, 1, "B"))
        try requireFloat(a, "input A")
        try requireFloat(b, "input B")
        guard a.rank >= 1, b.rank >= 1, a.shape[a.rank - 1] == b.shape[Swift.max(0, b.rank - 2)] else {
            throw ONNXModelIssue("A \(a.shape) and B \(b.shape) do not multiply")
        }
        if a.rank == 2, b.rank == 2, a.isOneDNNInference(weight: b, bias: nil),
           let packed = packedWeights.weight(b, for: a.shape, pack: {
               Tensor.oneDNNPackedLinearWeight(b.transposed(0, 1).contiguous(), rows: a.shape[0])
           }) {
            return [a.contiguous().linear(packed: packed)]
        }
        return [a.matmul(b)]
    }
}
