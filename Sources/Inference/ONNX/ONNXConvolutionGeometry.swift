import Tensors

/// The `strides`, `dilations` and `group` attributes Conv and ConvTranspose share: 2-D, equal on
/// both axes, positive.
public struct ONNXConvolutionGeometry: Sendable {
    public let stride: Int
    public let dilation: Int
    public let groups: Int

    /// `kind` names the operator in errors ("convolutions", "transposed convolutions").
    public init(node: ONNXNode, kind: String) throws(ONNXModelIssue) {
        let strides = try node.ints("strides", default: [1, 1]) ?? [1, 1]
        let dilations = try node.ints("dilations", default: [1, 1]) ?? [1, 1]
        guard strides.count == 2, dilations.count == 2 else {
            throw ONNXModelIssue("only 2-D \(kind) are supported (strides \(strides), dilations \(dilations))")
        }
        guard strides[0] == strides[1], dilations[0] == dilations[1], strides[0] > 0, dilations[0] > 0 else {
            throw ONNXModelIssue("strides \(strides) and dilations \(dilations) must be positive and equal on both axes")
        }
        stride = strides[0]
        dilation = dilations[0]
        groups = try node.int("group", default: 1)
        guard groups > 0 else { throw ONNXModelIssue("group \(groups) must be positive") }
    }
}

extension ONNXKernel {
    /// The float32 input X, weight W and optional bias B of a Conv or ConvTranspose node, both
    /// X and W of rank 4; `kind` names the operator in errors.
    public func convolutionOperands(_ inputs: [Tensor?], kind: String) throws(ONNXModelIssue) -> (x: Tensor, weight: Tensor, bias: Tensor?) {
        let x = try required(inputs, 0, "X")
        let weight = try required(inputs, 1, "W")
        try requireFloat(x, "input X")
        try requireFloat(weight, "weight W")
        guard weight.rank == 4, x.rank == 4 else {
            throw ONNXModelIssue("input \(x.shape) and weight \(weight.shape) must both have rank 4 (2-D \(kind))")
        }
        return (x, weight, inputs.count > 2 ? inputs[2] : nil)
    }
}
