import Tensors

/// DFL's RMSprop: `a = ρ·a + (1 − ρ)·g²`, `θ −= lr·g / (√a + ε)`, ρ = 0.9, ε = 1e-6, no bias correction.
/// State slot `acc`.
public final class RMSprop: Optimizer, @unchecked Sendable {
    public let rho: Double
    public let epsilon: Double

    public init(_ parameters: [(name: String, parameter: Parameter)], rules: UpdateRules, rho: Double = 0.9,
                epsilon: Double = 1e-6, generator: Generator? = nil) {
        self.rho = rho
        self.epsilon = epsilon
        super.init(parameters, rules: rules, slotNames: ["acc"], generator: generator)
    }

    override public func update(index: Int, parameter: Tensor, gradient: Tensor) -> (numerator: Tensor, denominator: Tensor) {
        let accumulator = slot("acc", index)
        accumulator.multiplyInPlace(rho)
        accumulator.addProductInPlace(gradient, gradient, scaledBy: 1 - rho)
        let denominator = accumulator.sqrt()
        denominator.addInPlace(epsilon)
        return (gradient, denominator)
    }
}
