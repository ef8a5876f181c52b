import Tensors

/// ONNX `Cast` to float32 or float16 (Masque computes in float32; a float16 cast rounds the
/// values and keeps them float32).
public struct ONNXCast: ONNXKernel {
    public let toHalf: Bool

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        switch try node.int("to", default: 0) {
        case 1: toHalf = false
        case 10: toHalf = true
        case let type: throw ONNXModelIssue("Cast to element type \(type); Masque casts to FLOAT and FLOAT16 only")
        }
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "input")
        let float = x.dtype == .float32 ? x : x.to(.float32)
        return [toHalf ? float.to(.float16).to(.float32) : float]
    }
}
