import Tensors

/// ONNX element-wise operators of one input: `Relu`, `Sigmoid`, `Tanh`, `LeakyRelu`, `Identity`,
/// `Cos`, `Sqrt`, `Floor`, `Reciprocal`.
public struct ONNXUnaryOperation: ONNXKernel {
    public enum Function: Sendable {
        case relu, sigmoid, tanh, identity, cos, sqrt, floor, reciprocal
        case leakyRelu(slope: Float)
    }

    public let function: Function

    public init(_ function: Function) { self.function = function }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "X")
        if case .identity = function { return [x] }
        try requireFloat(x, "input X")
        switch function {
        case .relu: return [x.relu()]
        case .sigmoid: return [x.sigmoid()]
        case .tanh: return [x.tanh()]
        case .cos: return [x.cos()]
        case .sqrt: return [x.sqrt()]
        case .floor: return [x.floor()]
        case .reciprocal: return [x.reciprocal()]
        case .leakyRelu(let slope): return [x.leakyRelu(Double(slope))]
        case .identity: return [x]
        }
    }

    public var runsInPlace: Bool {
        if case .relu = function { return true }
        return false
    }

    public func runInPlace(_ input: Tensor) throws(ONNXModelIssue) -> Tensor {
        guard case .relu = function else { return try run([input])[0] }
        try requireFloat(input, "input X")
        input.reluInPlace()
        return input
    }
}
