import Tensors

/// One compiled operator: reads a node's input tensors (constants already on the device; nil
/// for omitted optional inputs) and returns its outputs. Kernels check the shapes they are given
/// and report mismatches as issues instead of handing libtorch a call that would stop the process.
public protocol ONNXKernel: Sendable {
    func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor]
    /// Whether `runInPlace` can overwrite the single input instead of allocating an output.
    var runsInPlace: Bool { get }
    /// Computes the output into `input` (which nothing else reads afterwards) and returns it.
    func runInPlace(_ input: Tensor) throws(ONNXModelIssue) -> Tensor
}

extension ONNXKernel {
    public var runsInPlace: Bool { false }

    public func runInPlace(_ input: Tensor) throws(ONNXModelIssue) -> Tensor { try run([input])[0] }

    /// Input `index`, which the operator requires.
    public func required(_ inputs: [Tensor?], _ index: Int, _ role: String) throws(ONNXModelIssue) -> Tensor {
        guard index < inputs.count, let tensor = inputs[index] else {
            throw ONNXModelIssue("missing input \(index) (\(role))")
        }
        return tensor
    }

    /// Throws unless `tensor` holds `float32` values.
    public func requireFloat(_ tensor: Tensor, _ role: String) throws(ONNXModelIssue) {
        guard tensor.dtype == .float32 else {
            throw ONNXModelIssue("\(role) is \(tensor.dtype), expected f32")
        }
    }
}
