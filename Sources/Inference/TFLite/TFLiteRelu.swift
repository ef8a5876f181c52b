import Tensors

/// `RELU`.
public struct TFLiteRelu: TFLiteKernel {

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        let x = try planner.input(op, 0)
        return TFLitePlannedOperator(kernel: TFLiteRelu(), inputs: [x], shape: try planner.dataShape(x))
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        TFLiteValue(inputs[0].tensor.relu(), channelsFirst: inputs[0].channelsFirst)
    }
}
