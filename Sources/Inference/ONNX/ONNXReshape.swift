import Tensors

/// ONNX `Reshape`: the data in the shape of the int64 second input (0 keeps that dimension, -1
/// is inferred).
public struct ONNXReshape: ONNXKernel {
    public init() {}

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data")
        let target = try required(inputs, 1, "shape")
        guard target.dtype == .int64, target.rank == 1 else { throw ONNXModelIssue("shape is \(target.dtype) \(target.shape), expected a 1-D int64 tensor") }
        let shape = target.to(device: .cpu).toArray(of: Int64.self).enumerated().map { index, size in
            size == 0 && index < x.rank ? x.shape[index] : Int(size)
        }
        let known = shape.filter { $0 != -1 }.reduce(1, *)
        let inferred = shape.filter { $0 == -1 }.count
        guard inferred <= 1, known > 0, inferred == 1 ? x.elementCount % known == 0 : x.elementCount == known else {
            throw ONNXModelIssue("cannot reshape \(x.shape) to \(shape)")
        }
        return [x.contiguous().reshaped(shape)]
    }
}
