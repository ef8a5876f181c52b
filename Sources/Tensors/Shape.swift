import CTorch

extension Tensor {
    /// The same elements in a new shape; one dimension may be -1.
    public func reshaped(_ shape: [Int]) -> Tensor {
        let dims = shape.map(Int64.init)
        return produce { ct_reshape(handle, dims, Int64(dims.count), $0) }
    }

    /// Dimensions reordered: result dimension i is input dimension `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        let dims = order.map(Int64.init)
        return produce { ct_permute(handle, dims, Int64(dims.count), $0) }
    }

    public func transposed(_ a: Int, _ b: Int) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(normalized(a), normalized(b))
        return permuted(order)
    }

    /// Broadcast view to `shape` (-1 keeps a size).
    public func expanded(_ shape: [Int]) -> Tensor {
        let dims = shape.map(Int64.init)
        return produce { ct_expand(handle, dims, Int64(dims.count), $0) }
    }

    /// Flattens all dimensions after the first.
    public func flattened() -> Tensor { reshaped([shape[0], -1]) }

    public func unsqueezed(_ dim: Int) -> Tensor {
        var dims = shape
        dims.insert(1, at: dim < 0 ? dims.count + 1 + dim : dim)
        return reshaped(dims)
    }

    public func squeezed(_ dim: Int) -> Tensor {
        var dims = shape
        let index = normalized(dim)
        precondition(dims[index] == 1, "cannot squeeze dimension \(dim) of size \(dims[index])")
        dims.remove(at: index)
        return reshaped(dims)
    }

    /// Elements `start..<end` (stepping by `step`) along `dim`; negative indices count from the end.
    public func slice(_ dim: Int, _ start: Int, _ end: Int, step: Int = 1) -> Tensor {
        produce { ct_slice(handle, Int64(dim), Int64(start), Int64(end), Int64(step), $0) }
    }

    /// Rows of `dim` picked by an int64 index tensor.
    public func indexSelect(_ dim: Int, _ index: Tensor) -> Tensor {
        produce { ct_index_select(handle, Int64(dim), index.handle, $0) }
    }

    /// Reverses the order along each of `dims`.
    public func flipped(_ dims: [Int]) -> Tensor {
        let list = dims.map(Int64.init)
        return produce { ct_flip(handle, list, Int64(list.count), $0) }
    }

    /// Joins tensors along an existing dimension.
    public static func cat(_ tensors: [Tensor], dim: Int) -> Tensor {
        withHandles(tensors) { handles in produce { ct_cat(handles, Int64(handles.count), Int64(dim), $0) } }
    }

    /// Joins tensors along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
        withHandles(tensors) { handles in produce { ct_stack(handles, Int64(handles.count), Int64(dim), $0) } }
    }

    func normalized(_ dim: Int) -> Int { dim < 0 ? rank + dim : dim }
}

/// Calls `body` with the tensors' handles; the tensors stay alive for the call.
func withHandles<R>(_ tensors: [Tensor], _ body: ([OpaquePointer?]) -> R) -> R {
    withExtendedLifetime(tensors) { body(tensors.map { Optional($0.handle) }) }
}
