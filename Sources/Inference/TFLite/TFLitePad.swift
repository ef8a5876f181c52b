import Tensors

/// `PAD` with zeros: (before, after) per dimension of TFLite's order.
public struct TFLitePad: TFLiteKernel {
    let amounts: [(before: Int, after: Int)]

    public static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator {
        let x = try planner.input(op, 0)
        let shape = try planner.dataShape(x)
        let amounts = try planner.integers(try planner.input(op, 1))
        guard amounts.count == 2 * shape.count, amounts.allSatisfy({ $0 >= 0 && $0 < 1 << 20 }) else {
            throw planner.corrupt("PAD of a rank-\(shape.count) tensor with paddings \(amounts)")
        }
        let pairs = (0..<shape.count).map { (before: amounts[2 * $0], after: amounts[2 * $0 + 1]) }
        if let batch = pairs.first, batch.before != 0 || batch.after != 0 { planner.keepsBatch = false }
        return TFLitePlannedOperator(kernel: TFLitePad(amounts: pairs), inputs: [x], shape: zip(shape, pairs).map { $0 + $1.before + $1.after })
    }

    public func apply(_ inputs: [TFLiteValue]) -> TFLiteValue {
        let input = inputs[0]
        var physical = amounts
        if input.channelsFirst {
            for axis in amounts.indices { physical[input.physicalAxis(axis)] = amounts[axis] }
        }
        return TFLiteValue(Self.zeroPadded(input.tensor, physical), channelsFirst: input.channelsFirst)
    }

    /// `tensor` with zeros added before and after each dimension.
    private static func zeroPadded(_ tensor: Tensor, _ amounts: [(before: Int, after: Int)]) -> Tensor {
        var result = tensor
        let rank = amounts.count
        let spatialFrom = rank >= 2 ? rank - 2 : rank
        for axis in 0..<spatialFrom where amounts[axis].before > 0 || amounts[axis].after > 0 {
            var parts: [Tensor] = []
            for count in [amounts[axis].before, -1, amounts[axis].after] {
                if count == -1 {
                    parts.append(result)
                } else if count > 0 {
                    var shape = result.shape
                    shape[axis] = count
                    parts.append(Tensor.zeros(shape, dtype: result.dtype, device: result.device))
                }
            }
            result = Tensor.cat(parts, dim: axis)
        }
        if rank >= 2 {
            let (rows, columns) = (amounts[rank - 2], amounts[rank - 1])
            if rows.before > 0 || rows.after > 0 || columns.before > 0 || columns.after > 0 {
                result = result.padded(left: columns.before, right: columns.after, top: rows.before, bottom: rows.after)
            }
        }
        return result
    }
}
