import Tensors

/// ncnn `Eltwise` over inputs of one shape: 0=op (0 product, 1 sum, 2 maximum) and, for sums,
/// 1=coefficients (one per input; none means 1 each).
public struct NCNNEltwise: NCNNLayer {
    public enum Operation: Int, Sendable {
        case product = 0, sum = 1, maximum = 2
    }

    public let operation: Operation
    public let coefficients: [Float]

    public init(_ layer: NCNNLayerDescription) throws(NCNNModelIssue) {
        let code = try layer.params.int(0, default: 0)
        guard let operation = Operation(rawValue: code) else {
            throw NCNNModelIssue("operation \(code) is not an Eltwise operation (0 product, 1 sum, 2 max)")
        }
        self.operation = operation
        coefficients = try layer.params.floats(1)
        guard coefficients.isEmpty || coefficients.count == layer.inputs.count else {
            throw NCNNModelIssue("has \(coefficients.count) coefficients for \(layer.inputs.count) inputs")
        }
    }

    public func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor] {
        try requireSameShapes(inputs)
        switch operation {
        case .product:
            return [inputs.dropFirst().reduce(inputs[0]) { $0 * $1 }]
        case .maximum:
            return [inputs.dropFirst().reduce(inputs[0]) { $0.maximum($1) }]
        case .sum:
            guard !coefficients.isEmpty else { return [inputs.dropFirst().reduce(inputs[0]) { $0 + $1 }] }
            let sum = inputs[0] * Double(coefficients[0])
            for (input, coefficient) in zip(inputs.dropFirst(), coefficients.dropFirst()) {
                sum.addInPlace(input, scaledBy: Double(coefficient))
            }
            return [sum]
        }
    }
}
