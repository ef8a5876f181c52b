import Tensors

/// ONNX `Shape`: the input's shape as a 1-D int64 tensor.
public struct ONNXShape: ONNXKernel {
    public init() {}

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data")
        return [try Self.int64(x.shape, shape: [x.rank])]
    }

    /// `values` as an int64 tensor on the CPU.
    static func int64(_ values: [Int], shape: [Int]) throws(ONNXModelIssue) -> Tensor {
        do { return try Tensor(values: values.map(Int64.init), shape: shape, dtype: .int64) } catch {
            throw ONNXModelIssue("cannot make an int64 tensor: \(error)")
        }
    }
}

/// ONNX `Gather` along `axis` with integer indices (negative count from the end); a scalar index
/// removes the axis.
public struct ONNXGather: ONNXKernel {
    public let axis: Int

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        axis = try node.int("axis", default: 0)
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data"), indices = try required(inputs, 1, "indices")
        let dim = axis < 0 ? axis + x.rank : axis
        guard (0..<x.rank).contains(dim) else { throw ONNXModelIssue("axis \(axis) is outside the rank of \(x.shape)") }
        let size = x.shape[dim]
        let values = indices.to(.int64, device: .cpu).toArray(of: Int64.self).map { Int($0) < 0 ? Int($0) + size : Int($0) }
        guard values.allSatisfy({ (0..<size).contains($0) }) else { throw ONNXModelIssue("indices \(values) are outside axis \(dim) of \(x.shape)") }
        let picked = x.indexSelect(dim, try ONNXShape.int64(values, shape: [values.count]).to(device: x.device))
        var shape = x.shape
        shape.replaceSubrange(dim...dim, with: indices.shape)
        return [picked.contiguous().reshaped(shape)]
    }
}

/// ONNX `Unsqueeze` and `Squeeze`: size-1 axes inserted or removed, from the `axes` attribute
/// (before opset 13) or the int64 second input.
public struct ONNXAxes: ONNXKernel {
    public let inserting: Bool
    public let attributeAxes: [Int]?

    public init(node: ONNXNode, inserting: Bool) throws(ONNXModelIssue) {
        self.inserting = inserting
        attributeAxes = try node.ints("axes", default: nil)
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data")
        let given = inputs.count > 1 ? inputs[1].map { $0.to(.int64, device: .cpu).toArray(of: Int64.self).map(Int.init) } : nil
        var shape = x.shape
        if inserting {
            guard let axes = given ?? attributeAxes else { throw ONNXModelIssue("no axes given") }
            let rank = shape.count + axes.count
            for axis in axes.map({ $0 < 0 ? $0 + rank : $0 }).sorted() {
                guard (0...shape.count).contains(axis) else { throw ONNXModelIssue("axis \(axis) is outside rank \(rank)") }
                shape.insert(1, at: axis)
            }
        } else {
            let axes = (given ?? attributeAxes).map { $0.map { $0 < 0 ? $0 + shape.count : $0 } } ?? shape.indices.filter { shape[$0] == 1 }
            guard axes.allSatisfy({ shape.indices.contains($0) && shape[$0] == 1 }) else {
                throw ONNXModelIssue("axes \(axes) of \(x.shape) are not all of size 1")
            }
            for axis in axes.sorted(by: >) { shape.remove(at: axis) }
        }
        return [x.contiguous().reshaped(shape)]
    }
}

/// ONNX `Slice` (opset 10 and later): `starts`, `ends`, optional `axes` and positive `steps` as
/// integer inputs, clamped to each axis as ONNX does; (before opset 10: attributes).
public struct ONNXSlice: ONNXKernel {
    public let attributeStarts: [Int]?
    public let attributeEnds: [Int]?
    public let attributeAxes: [Int]?

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        attributeStarts = try node.ints("starts", default: nil)
        attributeEnds = try node.ints("ends", default: nil)
        attributeAxes = try node.ints("axes", default: nil)
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data")
        func list(_ index: Int) -> [Int]? {
            guard inputs.count > index, let tensor = inputs[index] else { return nil }
            return tensor.to(.int64, device: .cpu).toArray(of: Int64.self).map { Int(clamping: $0) }
        }
        guard let starts = list(1) ?? attributeStarts, let ends = list(2) ?? attributeEnds, starts.count == ends.count else {
            throw ONNXModelIssue("starts and ends are missing or of different lengths")
        }
        let axes = list(3) ?? attributeAxes ?? Array(0..<starts.count)
        let steps = list(4) ?? Array(repeating: 1, count: starts.count)
        guard axes.count == starts.count, steps.count == starts.count, steps.allSatisfy({ $0 > 0 }) else {
            throw ONNXModelIssue("axes \(axes) and steps \(steps) do not fit starts \(starts); Masque slices with positive steps only")
        }
        var y = x
        for (index, axis) in axes.enumerated() {
            let dim = axis < 0 ? axis + x.rank : axis
            guard (0..<x.rank).contains(dim) else { throw ONNXModelIssue("axis \(axis) is outside the rank of \(x.shape)") }
            let size = x.shape[dim]
            func clamp(_ v: Int) -> Int { Swift.min(Swift.max(v < 0 ? v + size : v, 0), size) }
            let (start, end) = (clamp(starts[index]), clamp(ends[index]))
            y = y.slice(dim, start, Swift.max(start, end), step: steps[index])
        }
        return [y]
    }
}
