import Tensors

/// ONNX `ConvTranspose` over NCHW inputs: weights (in, out / group, kh, kw), optional bias,
/// `group`, `strides`, `dilations`, explicit `pads` and `output_padding`. Output size per axis:
/// `stride·(in − 1) + output_padding + dilation·(k − 1) + 1 − pad_begin − pad_end`.
public struct ONNXTransposedConvolution: ONNXKernel {
    public let stride: Int
    public let dilation: Int
    public let groups: Int
    public let pads: (top: Int, left: Int, bottom: Int, right: Int)
    public let outputPadding: Int

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        let geometry = try ONNXConvolutionGeometry(node: node, kind: "transposed convolutions")
        (stride, dilation, groups) = (geometry.stride, geometry.dilation, geometry.groups)
        guard node.attributes["output_shape"] == nil else {
            throw ONNXModelIssue("the output_shape attribute is not supported; give pads and output_padding instead")
        }
        switch try ONNXSpatialPadding(node: node) {
        case .explicit(let top, let left, let bottom, let right): pads = (top, left, bottom, right)
        case .same: throw ONNXModelIssue("auto_pad SAME_UPPER or SAME_LOWER is not supported for ConvTranspose; give pads instead")
        }
        let outputPadding = try node.ints("output_padding", default: [0, 0]) ?? [0, 0]
        guard outputPadding.count == 2, outputPadding[0] == outputPadding[1], outputPadding[0] >= 0 else {
            throw ONNXModelIssue("output_padding \(outputPadding) must be equal on both axes")
        }
        guard outputPadding[0] < max(stride, dilation) else {
            throw ONNXModelIssue("output_padding \(outputPadding) must be smaller than the stride or the dilation")
        }
        self.outputPadding = outputPadding[0]
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let (x, weight, bias) = try convolutionOperands(inputs, kind: "transposed convolution")
        let (xShape, wShape) = (x.shape, weight.shape)
        guard xShape[1] == wShape[0], wShape[0] % groups == 0 else {
            throw ONNXModelIssue("input \(xShape) does not fit weight \(wShape) with group \(groups): expected \(wShape[0]) channels")
        }
        let outputChannels = wShape[1] * groups
        if let bias {
            try requireFloat(bias, "bias B")
            guard bias.shape == [outputChannels] else {
                throw ONNXModelIssue("bias \(bias.shape) does not match \(outputChannels) output channels")
            }
        }
        let fullHeight = stride * (xShape[2] - 1) + outputPadding + dilation * (wShape[2] - 1) + 1
        let fullWidth = stride * (xShape[3] - 1) + outputPadding + dilation * (wShape[3] - 1) + 1
        guard fullHeight > pads.top + pads.bottom, fullWidth > pads.left + pads.right else {
            throw ONNXModelIssue("pads \(pads) leave no output for input \(xShape)")
        }
        let full = x.convTranspose2d(weight, bias: bias, stride: stride, padding: 0, outputPadding: outputPadding,
                                     dilation: dilation, groups: groups)
        guard pads != (0, 0, 0, 0) else { return [full] }
        return [full.slice(2, pads.top, fullHeight - pads.bottom).slice(3, pads.left, fullWidth - pads.right)]
    }
}
