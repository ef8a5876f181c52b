import Tensors

/// ONNX `BatchNormalization` in inference mode: `(x − mean) / √(var + ε) · scale + B` per channel
/// (axis 1). Batch normalizations that follow a convolution are folded into its weights when the
/// model is compiled (`ONNXBatchNormalizationFolding`); this kernel runs the others.
public struct ONNXBatchNormalization: ONNXKernel {
    public let epsilon: Float

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        epsilon = try node.float("epsilon", default: 1e-5)
        guard try node.int("spatial", default: 1) == 1 else {
            throw ONNXModelIssue("spatial = 0 (per-element statistics) is not supported")
        }
        guard try node.int("training_mode", default: 0) == 0, node.outputs.filter({ !$0.isEmpty }).count == 1 else {
            throw ONNXModelIssue("training mode (running statistics as outputs) is not supported")
        }
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "X")
        try requireFloat(x, "input X")
        let shape = x.shape
        guard shape.count >= 2 else { throw ONNXModelIssue("input \(shape) needs a channel axis") }
        var parameters: [Tensor] = []
        for (index, role) in ["scale", "B", "mean", "var"].enumerated() {
            let parameter = try required(inputs, index + 1, role)
            try requireFloat(parameter, role)
            guard parameter.shape == [shape[1]] else {
                throw ONNXModelIssue("\(role) \(parameter.shape) does not match the \(shape[1]) channels of input \(shape)")
            }
            parameters.append(parameter)
        }
        let broadcast = [1, shape[1]] + Array(repeating: 1, count: shape.count - 2)
        let factor = parameters[0] * (parameters[3] + Double(epsilon)).rsqrt()
        let shift = parameters[1] - parameters[2] * factor
        return [x * factor.reshaped(broadcast) + shift.reshaped(broadcast)]
    }
}
