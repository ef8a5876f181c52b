import Tensors

/// ONNX `ReduceMean` (opset ≤ 17 form): the mean over `axes` (default: all), kept as size-1
/// dimensions unless `keepdims` is 0.
public struct ONNXReduceMean: ONNXKernel {
    public let axes: [Int]?
    public let keepDimensions: Bool

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        axes = try node.ints("axes", default: nil)
        keepDimensions = try node.int("keepdims", default: 1) != 0
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data")
        try requireFloat(x, "input data")
        let dims = (axes ?? Array(0..<x.rank)).map { $0 < 0 ? $0 + x.rank : $0 }
        guard dims.allSatisfy({ (0..<x.rank).contains($0) }) else { throw ONNXModelIssue("axes \(axes ?? []) are outside the rank of \(x.shape)") }
        return [x.mean(dims, keepDims: keepDimensions)]
    }
}
