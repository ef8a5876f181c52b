/// The `strides`, `dilations` and `group` attributes Conv and ConvTranspose share: 2-D, equal on
/// both axes, positive.
struct ONNXConvolutionGeometry: Sendable {
    let stride: Int
    let dilation: Int
    let groups: Int

    /// `kind` names the operator in errors ("convolutions", "transposed convolutions").
    init(node: ONNXNode, kind: String) throws(ONNXModelIssue) {
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
