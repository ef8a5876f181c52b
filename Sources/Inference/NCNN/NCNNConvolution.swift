import Tensors

/// ncnn `Convolution`: 0=num_output, 1/11=kernel w/h, 2/12=dilation, 3/13=stride,
/// 4/14/15/16=pad left/top/right/bottom, 18=pad value, 5=bias term, 6=weight count,
/// 9/10=fused activation. Weights (tagged, output × input × kh × kw) then bias (raw).
/// Int8 and dynamic-weight convolutions, the automatic 'same' pads (−233, −234) and unequal
/// strides or dilations per axis are refused.
public struct NCNNConvolution: NCNNLayer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let dilation: Int
    /// Zero-or-`padValue` padding: top, left, bottom, right.
    public let padding: (top: Int, left: Int, bottom: Int, right: Int)
    public let padValue: Float
    public let activation: NCNNActivation

    public init(_ layer: NCNNLayerDescription, weights: inout NCNNWeightReader) throws(NCNNModelIssue) {
        let p = layer.params
        let outputs = try p.int(0, default: 0)
        let kernelWidth = try p.int(1, default: 0)
        let kernelHeight = try p.int(11, default: kernelWidth)
        let dilationWidth = try p.int(2, default: 1)
        let strideWidth = try p.int(3, default: 1)
        guard try p.int(12, default: dilationWidth) == dilationWidth, try p.int(13, default: strideWidth) == strideWidth else {
            throw NCNNModelIssue("strides or dilations that differ per axis are not run by Masque")
        }
        let left = try p.int(4, default: 0)
        let top = try p.int(14, default: left)
        let right = try p.int(15, default: left)
        let bottom = try p.int(16, default: top)
        guard [left, top, right, bottom].allSatisfy({ $0 >= 0 }) else {
            throw NCNNModelIssue("automatic 'same' padding (-233/-234) is not run by Masque")
        }
        guard try p.int(8, default: 0) == 0 else { throw NCNNModelIssue("int8 convolutions are not run by Masque") }
        guard try p.int(19, default: 0) == 0 else { throw NCNNModelIssue("dynamic-weight convolutions are not run by Masque") }
        let weightCount = try p.int(6, default: 0)
        let window = outputs * kernelHeight * kernelWidth
        guard outputs > 0, kernelWidth > 0, kernelHeight > 0, strideWidth > 0, dilationWidth > 0, weightCount > 0,
              weightCount % window == 0 else {
            throw NCNNModelIssue("weight count \(weightCount) does not fit \(outputs) outputs of \(kernelHeight)x\(kernelWidth) kernels")
        }
        weight = try weights.tagged(count: weightCount, shape: [outputs, weightCount / window, kernelHeight, kernelWidth])
        bias = try p.int(5, default: 0) != 0 ? weights.raw(count: outputs, shape: [outputs]) : nil
        stride = strideWidth
        dilation = dilationWidth
        padding = (top, left, bottom, right)
        padValue = try p.float(18, default: 0)
        activation = try NCNNActivation(type: p.int(9, default: 0), params: p.floats(10))
    }

    public func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor] {
        try require(inputs, count: 1)
        let x = inputs[0]
        let (shape, kernel) = (x.shape, weight.shape)
        guard shape.count == 4, shape[1] == kernel[1] else {
            throw NCNNModelIssue("input \(shape) does not fit weight \(kernel): expected [N, \(kernel[1]), H, W]")
        }
        let extent = (height: (kernel[2] - 1) * dilation + 1, width: (kernel[3] - 1) * dilation + 1)
        guard shape[2] + padding.top + padding.bottom >= extent.height, shape[3] + padding.left + padding.right >= extent.width else {
            throw NCNNModelIssue("input \(shape) is smaller than the \(extent.height)x\(extent.width) kernel")
        }
        let output: Tensor
        if padding.top == padding.bottom, padding.left == padding.right, padValue == 0 {
            output = x.conv2d(weight, bias: bias, stride: stride, padding: .explicit(padding.top, padding.left), dilation: dilation)
        } else {
            let padded = x.padded(left: padding.left, right: padding.right, top: padding.top, bottom: padding.bottom,
                                  value: Double(padValue))
            output = padded.conv2d(weight, bias: bias, stride: stride, padding: .valid, dilation: dilation)
        }
        return [activation.apply(output)]
    }
}
