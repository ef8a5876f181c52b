import Tensors

/// `PRELU`: x for x ≥ 0, alpha·x below; `alpha` is shaped to broadcast in the chosen layout.
public struct TFLitePRelu: TFLiteKernel {
    let alpha: Tensor
    let channelsFirst: Bool

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        let x = try planner.input(op, 0)
        let shape = try planner.dataShape(x)
        let alpha = try planner.weight(try planner.input(op, 1))
        guard alpha.rank <= shape.count, TFLiteGraphPlanner.broadcast(shape, alpha.shape) == shape else {
            throw planner.corrupt("PRELU of \(shape) with alpha \(alpha.shape)")
        }
        guard shape.count == 4 else {
            return TFLitePlannedOperator(kernel: TFLitePRelu(alpha: alpha, channelsFirst: false), inputs: [x], shape: shape)
        }
        let aligned = alpha.reshaped([Int](repeating: 1, count: 4 - alpha.rank) + alpha.shape)
        return TFLitePlannedOperator(kernel: TFLitePRelu(alpha: aligned.permuted([0, 3, 1, 2]).contiguous(), channelsFirst: true),
                                     inputs: [x], shape: shape)
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        let x = channelsFirst ? inputs[0].nchw : inputs[0].declared
        return TFLiteValue(x.relu() + alpha * x.minimum(0), channelsFirst: channelsFirst)
    }
}
