import Tensors

/// DFL's AdaBelief (its default optimizer): `m = β1·m + (1 − β1)·g`, `v = β2·v + (1 − β2)·(g − m)²`,
/// `θ −= lr·m / (√v + ε)`, β1 = 0.9, β2 = 0.999, ε = 1e-6, no bias correction. Slots `ms`, `vs`.
public final class AdaBelief: Optimizer, @unchecked Sendable {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double

    public init(_ parameters: [(name: String, parameter: Parameter)], rules: UpdateRules, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-6, generator: Generator? = nil) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(parameters, rules: rules, slotNames: ["ms", "vs"], generator: generator)
    }

    override public func update(index: Int, parameter: Tensor, gradient: Tensor) -> (numerator: Tensor, denominator: Tensor) {
        let m = slot("ms", index), v = slot("vs", index)
        m.multiplyInPlace(beta1)
        m.addInPlace(gradient, scaledBy: 1 - beta1)
        let belief = gradient - m
        v.multiplyInPlace(beta2)
        v.addProductInPlace(belief, belief, scaledBy: 1 - beta2)
        let denominator = v.sqrt()
        denominator.addInPlace(epsilon)
        return (m, denominator)
    }
}
