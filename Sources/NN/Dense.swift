import Tensors

/// Fully connected layer (DFL leras `Dense`): weight (in, out) like DFL, optional bias.
/// Inputs flattened from feature maps must be in (C, H, W) order, as DFL's `flatten` gives.
public final class Dense: Module, @unchecked Sendable {
    public let weight: Parameter
    public let bias: Parameter?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, initializer: Initializer = .glorotUniform,
                generator: Generator? = nil) {
        weight = Parameter(initializer.make([inFeatures, outFeatures], fanIn: inFeatures, fanOut: outFeatures, generator: generator))
        self.bias = bias ? Parameter(Tensor.zeros([outFeatures])) : nil
    }

    /// (N, in) → (N, out).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = x.matmul(weight.value)
        return bias.map { y + $0.value } ?? y
    }
}
