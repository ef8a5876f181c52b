import Tensors

/// One operator of a TFLite graph, prepared to run on libtorch: weights already converted to
/// PyTorch layouts on the device, TensorFlow's 'SAME' padding resolved into explicit amounts for
/// the graph's fixed shapes, and the memory layout of each computation chosen. One file per
/// operator conforms; `TFLiteOperatorTable` registers it under TFLite's builtin code.
public protocol TFLiteKernel: Sendable {
    /// Checks operator `op` (TFLite's name `name`): its inputs, options and shapes; returns the
    /// kernel, its data inputs and its output shape (TFLite's order).
    static func plan(_ op: TFLiteModel.Operator, name: String, planner: inout TFLiteGraphPlanner)
        throws(TFLiteError) -> TFLitePlannedOperator
    /// The result of the operator on `inputs` (its data inputs in order).
    func apply(_ inputs: [TFLiteValue]) -> TFLiteValue
}

/// A planned operator: the kernel, the tensor indices it reads as data, its output shape.
public struct TFLitePlannedOperator: Sendable {
    public let kernel: any TFLiteKernel
    public let inputs: [Int]
    public let shape: [Int]
}

/// Explicit zero (or −∞ for pools) padding of the two spatial dimensions.
public struct TFLiteSpatialPadding: Sendable {
    var top: Int
    var bottom: Int
    var left: Int
    var right: Int

    var isZero: Bool { top == 0 && bottom == 0 && left == 0 && right == 0 }
}

extension TFLiteActivation {
    /// `tensor` after this fused activation (`signBit` is refused when the graph is planned).
    func apply(to tensor: Tensor) -> Tensor {
        switch self {
        case .none, .signBit: tensor
        case .relu: tensor.relu()
        case .reluN1To1: tensor.clamped(-1, 1)
        case .relu6: tensor.clamped(0, 6)
        case .tanh: tensor.tanh()
        }
    }
}
