import Tensors

/// `RESHAPE` of the elements in TFLite's order; when `followsBatch` (the input's and the
/// result's declared dimension 0 are both 1), dimension 0 of the result is the input's, so a
/// batch passes through.
public struct TFLiteReshape: TFLiteKernel {
    let shape: [Int]
    let followsBatch: Bool

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        let x = try planner.input(op, 0)
        let inputShape = try planner.dataShape(x)
        let count = inputShape.reduce(1, *)
        var requested = planner.graph.tensors[op.outputs[0]].shape
        if op.inputs.count > 1, op.inputs[1] != -1 {
            requested = try planner.integers(op.inputs[1])
        } else if case .reshape(let newShape) = op.options, !newShape.isEmpty {
            requested = newShape
        }
        let known = requested.filter { $0 != -1 }
        guard known.allSatisfy({ $0 >= 0 }), requested.count - known.count <= 1 else {
            throw planner.corrupt("RESHAPE to \(requested)")
        }
        let knownCount = known.reduce(1, *)
        var shape = requested
        if let free = requested.firstIndex(of: -1) {
            guard knownCount > 0, count % knownCount == 0 else { throw planner.corrupt("RESHAPE of \(count) elements to \(requested)") }
            shape[free] = count / knownCount
        }
        guard shape.reduce(1, *) == count else { throw planner.corrupt("RESHAPE of \(count) elements to \(requested)") }
        let followsBatch = inputShape.first == 1 && shape.first == 1
        if !followsBatch { planner.keepsBatch = false }
        return TFLitePlannedOperator(kernel: TFLiteReshape(shape: shape, followsBatch: followsBatch), inputs: [x], shape: shape)
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        let x = inputs[0].declared
        return TFLiteValue(x.reshaped(followsBatch ? [x.shape[0]] + shape.dropFirst() : shape))
    }
}
