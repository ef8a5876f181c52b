import Tensors

/// `CONCATENATION` along `axis` (a dimension of TFLite's order), on NCHW when `channelsFirst`.
public struct TFLiteConcatenation: TFLiteKernel {
    let axis: Int
    let activation: TFLiteActivation
    let channelsFirst: Bool

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        guard case .concatenation(let rawAxis, let activation) = op.options, !op.inputs.isEmpty else {
            throw planner.corrupt("CONCATENATION without inputs or ConcatenationOptions")
        }
        let inputs = try (0..<op.inputs.count).map { (slot: Int) throws(TFLiteError) -> Int in try planner.input(op, slot) }
        let inputShapes = try inputs.map { (index: Int) throws(TFLiteError) -> [Int] in try planner.dataShape(index) }
        let rank = inputShapes[0].count
        let axis = rawAxis < 0 ? rawAxis + rank : rawAxis
        guard (0..<rank).contains(axis) else { throw planner.corrupt("CONCATENATION along axis \(rawAxis) of rank \(rank)") }
        if axis == 0 || Set(inputs.map(planner.batched.contains)).count > 1 { planner.keepsBatch = false }
        var shape = inputShapes[0]
        shape[axis] = 0
        for inputShape in inputShapes {
            guard inputShape.count == rank,
                  (0..<rank).allSatisfy({ $0 == axis || inputShape[$0] == inputShapes[0][$0] }) else {
                throw planner.corrupt("CONCATENATION of shapes \(inputShapes) along axis \(axis)")
            }
            shape[axis] += inputShape[axis]
        }
        let kernel = TFLiteConcatenation(axis: axis, activation: try planner.checked(activation), channelsFirst: rank == 4)
        return TFLitePlannedOperator(kernel: kernel, inputs: inputs, shape: shape)
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        let parts = inputs.map { channelsFirst ? $0.nchw : $0.declared }
        let dimension = channelsFirst ? TFLiteValue.channelsFirstAxis(axis) : axis
        return TFLiteValue(activation.apply(to: Tensor.cat(parts, dim: dimension)), channelsFirst: channelsFirst)
    }
}
