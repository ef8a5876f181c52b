import CTorch

extension Tensor {
    func reduce(_ op: ct_reduce_op, _ dims: [Int], keepDims: Bool) -> Tensor {
        let list = dims.map(Int64.init)
        return produce { ct_reduce(Int32(op.rawValue), handle, list, Int64(list.count), keepDims ? 1 : 0, $0) }
    }

    /// Sum over `dims` (every dimension when empty).
    public func sum(_ dims: [Int] = [], keepDims: Bool = false) -> Tensor { reduce(CT_SUM, dims, keepDims: keepDims) }
    public func mean(_ dims: [Int] = [], keepDims: Bool = false) -> Tensor { reduce(CT_MEAN, dims, keepDims: keepDims) }
    public func max(_ dims: [Int] = [], keepDims: Bool = false) -> Tensor { reduce(CT_AMAX, dims, keepDims: keepDims) }
    public func min(_ dims: [Int] = [], keepDims: Bool = false) -> Tensor { reduce(CT_AMIN, dims, keepDims: keepDims) }
    /// Population variance (divides by N, like numpy's default and TensorFlow's `reduce_variance`).
    public func variance(_ dims: [Int] = [], keepDims: Bool = false) -> Tensor { reduce(CT_VAR, dims, keepDims: keepDims) }
    /// Population standard deviation.
    public func standardDeviation(_ dims: [Int] = [], keepDims: Bool = false) -> Tensor { reduce(CT_STD, dims, keepDims: keepDims) }
    /// Product of all elements, or along one dimension.
    public func product(_ dim: Int? = nil, keepDims: Bool = false) -> Tensor {
        reduce(CT_PROD, dim.map { [$0] } ?? [], keepDims: keepDims)
    }

    /// Index of the largest element along `dim`, int64.
    public func argmax(_ dim: Int, keepDims: Bool = false) -> Tensor {
        produce { ct_argmax(handle, Int64(dim), keepDims ? 1 : 0, $0) }
    }
}
