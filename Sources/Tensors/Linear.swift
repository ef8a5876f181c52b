import CTorch

extension Tensor {
    /// Matrix product with NumPy broadcasting rules.
    public func matmul(_ other: Tensor) -> Tensor { produce { ct_matmul(handle, other.handle, $0) } }

    /// A linear layer's `weight` (out features, in features; CPU float32) reordered once into
    /// the layout oneDNN's matrix product picks for `rows` rows, for `linear(packed:bias:)`.
    public static func oneDNNPackedLinearWeight(_ weight: Tensor, rows: Int) -> Tensor {
        produce { ct_onednn_pack_linear_weight(weight.handle, Int64(rows), $0) }
    }

    /// This matrix (rows, in features) times `weight` from `oneDNNPackedLinearWeight`, transposed,
    /// plus `bias` (out features) when given: (rows, out features), computed by oneDNN.
    public func linear(packed weight: Tensor, bias: Tensor? = nil) -> Tensor {
        withExtendedLifetime(bias) { produce { ct_onednn_linear_packed(handle, weight.handle, bias?.handle, $0) } }
    }
}
