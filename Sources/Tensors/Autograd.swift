import CTorch

extension Tensor {
    /// Whether operations on this tensor record gradients; set on leaf tensors (parameters).
    public var requiresGrad: Bool {
        get {
            var flag: Int32 = 0
            check(ct_requires_grad(handle, &flag))
            return flag != 0
        }
        set { check(ct_set_requires_grad(handle, newValue ? 1 : 0)) }
    }

    /// The gradient accumulated by `backward()`, or nil before any.
    public var grad: Tensor? {
        var out: OpaquePointer?
        check(ct_grad(handle, &out))
        return out.map { Tensor(owning: $0) }
    }

    /// Drops the accumulated gradient.
    public func zeroGrad() { check(ct_zero_grad(handle)) }

    /// Backpropagates from this tensor (a scalar unless `gradient` is given), accumulating
    /// into the `grad` of every leaf that requires it.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) {
        withExtendedLifetime(gradient) { check(ct_backward(handle, gradient?.handle, retainGraph ? 1 : 0)) }
    }

    /// The same values, cut from the gradient graph.
    public func detached() -> Tensor { produce { ct_detach(handle, $0) } }
}

/// Whether operations on this thread record gradients now (false inside `withoutGradients`).
public var gradientsAreRecorded: Bool {
    var enabled: Int32 = 0
    check(ct_grad_enabled(&enabled))
    return enabled != 0
}

/// Runs `body` without recording gradients on this thread (optimizer updates, inference).
public func withoutGradients<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    var previous: Int32 = 0
    check(ct_set_grad_enabled(0, &previous))
    defer {
        var ignored: Int32 = 0
        check(ct_set_grad_enabled(previous, &ignored))
    }
    return try body()
}
