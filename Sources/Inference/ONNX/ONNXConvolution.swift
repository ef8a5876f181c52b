import Foundation
import Tensors

/// ONNX `Conv` over NCHW inputs: OIHW weights, optional bias, `group`, `strides`, `dilations`,
/// `pads` (begin and end per axis, unequal ones included) or `auto_pad`; with the activation that
/// `ONNXModel.fusingConvolutionActivations()` merged into it, if any.
///
/// CPU float32 convolutions with symmetric padding run on oneDNN with the weight reordered into
/// oneDNN's layout once per input shape (the last few shapes are kept) and the activation fused.
public struct ONNXConvolution: ONNXKernel {
    public let stride: Int
    public let dilation: Int
    public let groups: Int
    public let padding: ONNXSpatialPadding
    public let kernelShape: [Int]?
    /// Applied to the output in the same pass (a fused `Relu` or `LeakyRelu`).
    public let activation: ConvolutionActivation?
    private let packedWeights = ONNXPackedWeights(fromSecondUse: false)

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        let geometry = try ONNXConvolutionGeometry(node: node, kind: "convolutions")
        (stride, dilation, groups) = (geometry.stride, geometry.dilation, geometry.groups)
        padding = try ONNXSpatialPadding(node: node)
        kernelShape = try node.ints("kernel_shape", default: nil)
        switch try node.string(ONNXModel.activationAttribute, default: "") {
        case "": activation = nil
        case "relu": activation = .relu
        case "leaky_relu": activation = .leakyRelu(slope: try node.float(ONNXModel.activationSlopeAttribute, default: 0.01))
        case let other: throw ONNXModelIssue("unknown fused activation '\(other)'")
        }
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let (x, weight, bias) = try convolutionOperands(inputs, kind: "convolution")
        let (xShape, wShape) = (x.shape, weight.shape)
        guard xShape[1] == wShape[1] * groups, wShape[0] % groups == 0 else {
            throw ONNXModelIssue("input \(xShape) does not fit weight \(wShape) with group \(groups): expected \(wShape[1] * groups) channels")
        }
        if let kernelShape, kernelShape != Array(wShape[2...]) {
            throw ONNXModelIssue("kernel_shape \(kernelShape) differs from the weight's \(Array(wShape[2...]))")
        }
        if let bias {
            try requireFloat(bias, "bias B")
            guard bias.shape == [wShape[0]] else { throw ONNXModelIssue("bias \(bias.shape) does not match \(wShape[0]) output channels") }
        }
        let extent = (height: (wShape[2] - 1) * dilation + 1, width: (wShape[3] - 1) * dilation + 1)
        let pads = padding.amounts(input: (xShape[2], xShape[3]), extent: extent, stride: stride)
        guard xShape[2] + pads.top + pads.bottom >= extent.height, xShape[3] + pads.left + pads.right >= extent.width else {
            throw ONNXModelIssue("input \(xShape) is smaller than the \(extent.height)x\(extent.width) kernel extent")
        }
        let symmetric = pads.top == pads.bottom && pads.left == pads.right
        let input = symmetric ? x : x.padded(left: pads.left, right: pads.right, top: pads.top, bottom: pads.bottom)
        let amounts = symmetric ? (pads.top, pads.left) : (0, 0)
        if input.isOneDNNInference(weight: weight, bias: bias), let packed = packedWeights.weight(weight, for: input.shape, pack: {
            Tensor.oneDNNPackedConvolutionWeight(weight, inputShape: input.shape, stride: stride, padding: amounts,
                                                 dilation: dilation, groups: groups)
        }) {
            return [input.conv2d(packed: packed, bias: bias, stride: stride, padding: amounts, dilation: dilation, groups: groups,
                                 activation: activation)]
        }
        let output = input.conv2d(weight, bias: bias, stride: stride, padding: .explicit(amounts.0, amounts.1),
                                  dilation: dilation, groups: groups)
        return switch activation {
        case nil: [output]
        case .relu: [output.relu()]
        case .leakyRelu(let slope): [output.leakyRelu(Double(slope))]
        }
    }
}
