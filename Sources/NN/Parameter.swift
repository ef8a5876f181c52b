import Tensors

/// A learnable tensor of a module. Its `value` requires gradients; optimizers and weight
/// loading update it in place, so references to it stay valid.
public final class Parameter: @unchecked Sendable {
    public private(set) var value: Tensor

    public init(_ value: Tensor) {
        value.requiresGrad = true
        self.value = value
    }

    /// Replaces the tensor (for device moves), keeping `requiresGrad`.
    public func replace(with tensor: Tensor) {
        let leaf = tensor.detached()
        leaf.requiresGrad = true
        value = leaf
    }
}
