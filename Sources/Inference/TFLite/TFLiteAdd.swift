import Tensors

/// `ADD` with broadcasting, on NCHW when both operands are 4-D, else in TFLite's order.
public struct TFLiteAdd: TFLiteKernel {
    let activation: TFLiteActivation
    let channelsFirst: Bool

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        let (a, b) = (try planner.input(op, 0), try planner.input(op, 1))
        let (shapeA, shapeB) = (try planner.dataShape(a), try planner.dataShape(b))
        guard let shape = TFLiteGraphPlanner.broadcast(shapeA, shapeB) else {
            throw planner.corrupt("ADD of shapes \(shapeA) and \(shapeB), which do not broadcast")
        }
        guard case .add(let activation) = op.options else { throw planner.corrupt("ADD without AddOptions") }
        if [(a, shapeA), (b, shapeB)].contains(where: { planner.batched.contains($0.0) && $0.1.count != shape.count }) {
            planner.keepsBatch = false
        }
        let channelsFirst = shapeA.count == 4 && shapeB.count == 4
        return TFLitePlannedOperator(kernel: TFLiteAdd(activation: try planner.checked(activation), channelsFirst: channelsFirst),
                                     inputs: [a, b], shape: shape)
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        let (a, b) = channelsFirst ? (inputs[0].nchw, inputs[1].nchw) : (inputs[0].declared, inputs[1].declared)
        return TFLiteValue(activation.apply(to: a + b), channelsFirst: channelsFirst)
    }
}
