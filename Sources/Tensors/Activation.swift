import CTorch

extension Tensor {
    public func relu() -> Tensor { unary(CT_RELU) }
    public func sigmoid() -> Tensor { unary(CT_SIGMOID) }
    public func tanh() -> Tensor { unary(CT_TANH) }

    /// `max(x, slope·x)` for 0 ≤ slope ≤ 1 (DFL's leaky ReLU).
    public func leakyRelu(_ slope: Double) -> Tensor { produce { ct_leaky_relu(handle, slope, $0) } }
}
