import Foundation
import Tensors

/// Adam with bias correction (PyTorch's `torch.optim.Adam` semantics): slots `m`, `v`.
public final class Adam: Optimizer, @unchecked Sendable {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double

    public init(_ parameters: [(name: String, parameter: Parameter)], rules: UpdateRules, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, generator: Generator? = nil) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(parameters, rules: rules, slotNames: ["m", "v"], generator: generator)
    }

    override public func update(index: Int, parameter: Tensor, gradient: Tensor) -> (numerator: Tensor, denominator: Tensor) {
        let m = slot("m", index), v = slot("v", index)
        let step = Double(iterations + 1)
        m.multiplyInPlace(beta1)
        m.addInPlace(gradient, scaledBy: 1 - beta1)
        v.multiplyInPlace(beta2)
        v.addProductInPlace(gradient, gradient, scaledBy: 1 - beta2)
        let correction1 = 1 - pow(beta1, step)
        let correction2 = 1 - pow(beta2, step)
        let denominator = (v / correction2).sqrt()
        denominator.addInPlace(epsilon)
        return (m / correction1, denominator)
    }
}
