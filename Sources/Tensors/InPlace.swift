import CTorch

/// In-place updates, for optimizers and weight loading. Call them inside `withoutGradients`
/// when the tensor is a parameter.
extension Tensor {
    /// Overwrites the elements with `source` (broadcast, converted to this dtype and device).
    public func assign(_ source: Tensor) { check(ct_inplace(Int32(CT_COPY_.rawValue), handle, source.handle)) }

    /// Sets every element to `value`.
    public func fill(_ value: Double) { check(ct_inplace_scalar(Int32(CT_COPY_.rawValue), handle, value)) }

    /// self += alpha · other
    public func addInPlace(_ other: Tensor, scaledBy alpha: Double = 1) { check(ct_add_scaled_(handle, other.handle, alpha)) }

    /// self = max(self, 0)
    public func reluInPlace() { check(ct_relu_(handle)) }

    /// self += value
    public func addInPlace(_ value: Double) { check(ct_inplace_scalar(Int32(CT_ADD_.rawValue), handle, value)) }

    /// self += value · a / b
    public func addQuotientInPlace(_ a: Tensor, _ b: Tensor, scaledBy value: Double = 1) {
        check(ct_addcdiv_(handle, a.handle, b.handle, value))
    }

    /// self ·= other
    public func multiplyInPlace(_ other: Tensor) { check(ct_inplace(Int32(CT_MUL_.rawValue), handle, other.handle)) }

    /// self ·= value
    public func multiplyInPlace(_ value: Double) { check(ct_inplace_scalar(Int32(CT_MUL_.rawValue), handle, value)) }

    /// self += value · a · b
    public func addProductInPlace(_ a: Tensor, _ b: Tensor, scaledBy value: Double = 1) {
        check(ct_addcmul_(handle, a.handle, b.handle, value))
    }
}
