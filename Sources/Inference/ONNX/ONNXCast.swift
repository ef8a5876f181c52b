import Tensors

/// ONNX `Cast` to float32, float16, int32 or int64. Masque computes in float32: a float16 cast
/// rounds the values and keeps them float32; casts to integers truncate toward zero, as ONNX's.
public struct ONNXCast: ONNXKernel {
    public let target: DType
    public let rounding: Bool

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        switch try node.int("to", default: 0) {
        case 1: (target, rounding) = (.float32, false)
        case 10: (target, rounding) = (.float32, true)
        case 6: (target, rounding) = (.int32, false)
        case 7: (target, rounding) = (.int64, false)
        case let type: throw ONNXModelIssue("Cast to element type \(type); Masque casts to FLOAT, FLOAT16, INT32 and INT64 only")
        }
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "input")
        if rounding { return [(x.dtype == .float32 ? x : x.to(.float32)).to(.float16).to(.float32)] }
        return [x.dtype == target ? x : x.to(target)]
    }
}
