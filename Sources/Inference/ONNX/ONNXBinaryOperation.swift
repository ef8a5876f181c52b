import Tensors

/// ONNX element-wise arithmetic of two float inputs (or two integer inputs of one type, as
/// tf2onnx computes sizes) with NumPy broadcasting (opset 7 and later): `Add`, `Sub`, `Mul`, `Div`.
public struct ONNXBinaryOperation: ONNXKernel {
    public enum Function: Sendable { case add, subtract, multiply, divide }

    public let function: Function

    public init(_ function: Function) { self.function = function }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let a = try required(inputs, 0, "A")
        let b = try required(inputs, 1, "B")
        if !(a.dtype == b.dtype && [.int32, .int64].contains(a.dtype)) {
            try requireFloat(a, "input A")
            try requireFloat(b, "input B")
        }
        let (shapeA, shapeB) = (a.shape, b.shape)
        guard Self.broadcastable(shapeA, shapeB) else {
            throw ONNXModelIssue("inputs \(shapeA) and \(shapeB) do not broadcast")
        }
        switch function {
        case .add: return [a + b]
        case .subtract: return [a - b]
        case .multiply: return [a * b]
        case .divide: return [a / b]
        }
    }

    /// Whether NumPy broadcasting joins the two shapes: aligned from the last axis, each pair of
    /// sizes is equal or one of them is 1.
    public static func broadcastable(_ a: [Int], _ b: [Int]) -> Bool {
        zip(a.reversed(), b.reversed()).allSatisfy { $0 == $1 || $0 == 1 || $1 == 1 }
    }
}
