import Tensors

/// `CONV_2D` (`groups` 1) and `DEPTHWISE_CONV_2D` (`groups` = input channels); weight OIHW.
public struct TFLiteConvolution: TFLiteKernel {
    let weight: Tensor
    let bias: Tensor?
    let stride: Int
    let dilation: Int
    let groups: Int
    let padding: TFLiteSpatialPadding
    let activation: TFLiteActivation

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        let depthwise = name == "DEPTHWISE_CONV_2D"
        guard case .convolution(let options) = op.options else { throw planner.corrupt("\(name) without its options") }
        let x = try planner.input(op, 0)
        let shape = try planner.dataShape(x)
        let filter = try planner.weight(try planner.input(op, 1))
        let filterShape = filter.shape
        guard shape.count == 4, shape.allSatisfy({ $0 > 0 }), filterShape.count == 4, filterShape.allSatisfy({ $0 > 0 })
        else {
            throw planner.corrupt("\(name) of input \(shape) with filter \(filterShape)")
        }
        let inputChannels = shape[3]
        let (outputChannels, weightOIHW, groups): (Int, Tensor, Int)
        if depthwise {
            outputChannels = filterShape[3]
            guard filterShape[0] == 1, inputChannels > 0, outputChannels % inputChannels == 0 else {
                throw planner.corrupt("\(name) of \(inputChannels) channels with filter \(filterShape)")
            }
            (weightOIHW, groups) = (filter.permuted([3, 0, 1, 2]).contiguous(), inputChannels)
        } else {
            outputChannels = filterShape[0]
            guard filterShape[3] == inputChannels else {
                throw planner.corrupt("\(name) of \(inputChannels) channels with filter \(filterShape)")
            }
            (weightOIHW, groups) = (filter.permuted([0, 3, 1, 2]).contiguous(), 1)
        }
        var bias: Tensor?
        if op.inputs.count > 2, op.inputs[2] != -1 {
            let b = try planner.weight(op.inputs[2])
            guard b.shape == [outputChannels] else { throw planner.corrupt("\(name) bias \(b.shape) for \(outputChannels) channels") }
            bias = b
        }
        let stride = try planner.square(options.strideHeight, options.strideWidth, "strides", name)
        let dilation = try planner.square(options.dilationHeight, options.dilationWidth, "dilations", name)
        guard let rows = options.padding.plan(input: shape[1], kernel: filterShape[1], stride: stride, dilation: dilation),
              let columns = options.padding.plan(input: shape[2], kernel: filterShape[2], stride: stride, dilation: dilation)
        else { throw planner.corrupt("\(name) filter \(filterShape) does not fit input \(shape)") }
        let padding = TFLiteSpatialPadding(top: rows.before, bottom: rows.after, left: columns.before,
                                                     right: columns.after)
        try planner.checkSize([shape[0], shape[1] + rows.before + rows.after, shape[2] + columns.before + columns.after, shape[3]],
                      name)
        let kernel = TFLiteConvolution(weight: weightOIHW, bias: bias, stride: stride, dilation: dilation, groups: groups,
                                       padding: padding, activation: try planner.checked(options.activation))
        return TFLitePlannedOperator(kernel: kernel, inputs: [x], shape: [shape[0], rows.output, columns.output, outputChannels])
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        var x = inputs[0].nchw
        if !padding.isZero {
            x = x.padded(left: padding.left, right: padding.right, top: padding.top, bottom: padding.bottom)
        }
        let y = x.conv2d(weight, bias: bias, stride: stride, padding: .valid, dilation: dilation, groups: groups)
        return TFLiteValue(activation.apply(to: y), channelsFirst: true)
    }
}
