import Tensors

/// `MAX_POOL_2D` over a square window; padded cells never win.
public struct TFLiteMaxPool: TFLiteKernel {
    let kernel: Int
    let stride: Int
    let padding: TFLiteSpatialPadding
    let activation: TFLiteActivation

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        guard case .pool(let options) = op.options else { throw planner.corrupt("\(name) without Pool2DOptions") }
        let x = try planner.input(op, 0)
        let shape = try planner.dataShape(x)
        guard shape.count == 4, shape.allSatisfy({ $0 > 0 }) else { throw planner.corrupt("\(name) of input \(shape)") }
        let kernel = try planner.square(options.filterHeight, options.filterWidth, "windows", name)
        let stride = try planner.square(options.strideHeight, options.strideWidth, "strides", name)
        guard let rows = options.padding.plan(input: shape[1], kernel: kernel, stride: stride, dilation: 1),
              let columns = options.padding.plan(input: shape[2], kernel: kernel, stride: stride, dilation: 1)
        else { throw planner.corrupt("\(name) window \(kernel) does not fit input \(shape)") }
        let padding = TFLiteSpatialPadding(top: rows.before, bottom: rows.after, left: columns.before,
                                                     right: columns.after)
        try planner.checkSize([shape[0], shape[1] + rows.before + rows.after, shape[2] + columns.before + columns.after, shape[3]],
                      name)
        let pool = TFLiteMaxPool(kernel: kernel, stride: stride, padding: padding, activation: try planner.checked(options.activation))
        return TFLitePlannedOperator(kernel: pool, inputs: [x], shape: [shape[0], rows.output, columns.output, shape[3]])
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        var x = inputs[0].nchw
        if !padding.isZero {
            x = x.padded(left: padding.left, right: padding.right, top: padding.top, bottom: padding.bottom,
                         value: -Double.infinity)
        }
        return TFLiteValue(activation.apply(to: x.maxPool2d(kernel, stride: stride)), channelsFirst: true)
    }
}
