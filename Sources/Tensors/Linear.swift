import CTorch

extension Tensor {
    /// Matrix product with NumPy broadcasting rules.
    public func matmul(_ other: Tensor) -> Tensor { produce { ct_matmul(handle, other.handle, $0) } }
}
