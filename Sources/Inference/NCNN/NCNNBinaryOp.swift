import Tensors

/// ncnn `BinaryOp`: 0=op (0 add, 1 sub, 2 mul, 3 div, 4 max, 5 min, 7 reverse sub, 8 reverse
/// div) of two inputs of one shape, or of one input and the scalar 2=b when 1=with_scalar.
public struct NCNNBinaryOp: NCNNLayer {
    public enum Operation: Int, Sendable {
        case add = 0, subtract = 1, multiply = 2, divide = 3, maximum = 4, minimum = 5
        case reverseSubtract = 7, reverseDivide = 8
    }

    public let operation: Operation
    /// The scalar operand, when the layer has one.
    public let scalar: Float?

    public init(_ layer: NCNNLayerDescription) throws(NCNNModelIssue) {
        let code = try layer.params.int(0, default: 0)
        guard let operation = Operation(rawValue: code) else {
            throw NCNNModelIssue("operation \(code) is not run by Masque (it runs 0 add, 1 sub, 2 mul, 3 div, 4 max, 5 min, 7 rsub, 8 rdiv)")
        }
        self.operation = operation
        scalar = try layer.params.int(1, default: 0) != 0 ? layer.params.float(2, default: 0) : nil
    }

    public func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor] {
        if let scalar {
            try require(inputs, count: 1)
            return [apply(inputs[0], Tensor.scalar(Double(scalar), device: inputs[0].device))]
        }
        try require(inputs, count: 2)
        try requireSameShapes(inputs)
        return [apply(inputs[0], inputs[1])]
    }

    private func apply(_ a: Tensor, _ b: Tensor) -> Tensor {
        switch operation {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .maximum: a.maximum(b)
        case .minimum: a.minimum(b)
        case .reverseSubtract: b - a
        case .reverseDivide: b / a
        }
    }
}
