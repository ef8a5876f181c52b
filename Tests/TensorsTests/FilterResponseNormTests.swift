import Foundation
import Tensors
import Testing
import TestSupport

/// The fused FRN + TLU (XSeg's blocks): its values and the gradients of all five inputs equal
/// those of the same formula composed of libtorch's operations and differentiated by libtorch's
/// autograd in float64 (where the fused CPU kernel does not run), for negative and positive eps,
/// planes of odd sizes and thresholds that cut through the values.
@Suite struct FilterResponseNormTests {
    /// The output y and the gradients of `inputs` (x, weight, bias, eps, tau, then a probe) of
    /// the sum of y·probe, computed in `dtype`, as float64.
    static func run(_ inputs: [Tensor], dtype: DType) -> (Tensor, [Tensor]) {
        let leaves = inputs.prefix(5).map { input -> Tensor in
            let leaf = input.to(dtype).detached()
            leaf.requiresGrad = true
            return leaf
        }
        let y = leaves[0].filterResponseNormalizedTLU(weight: leaves[1], bias: leaves[2], eps: leaves[3], tau: leaves[4])
        (y * inputs[5].to(dtype)).sum().backward()
        return (y.to(.float64), leaves.map { $0.grad!.to(.float64) })
    }

    @Test func fusedValuesAndGradientsEqualTheComposedFormula() throws {
        for (shape, eps) in [([2, 3, 5, 7], -0.05), ([3, 4, 8, 8], 1e-3), ([1, 2, 1, 9], 0.2)] {
            let generator = try Generator(seed: UInt64(shape.reduce(0, +)))
            let channels = shape[1]
            let inputs = [
                Tensor.normal(shape, generator: generator),
                Tensor.uniform([channels], low: 0.5, high: 1.5, generator: generator),
                Tensor.uniform([channels], low: -0.3, high: 0.3, generator: generator),
                Tensor.full([1], eps),
                Tensor.uniform([channels], low: -0.5, high: 0.5, generator: generator),
                Tensor.normal(shape, generator: generator),
            ]
            let (fused, fusedGradients) = Self.run(inputs, dtype: .float32)
            let (composed, composedGradients) = Self.run(inputs, dtype: .float64)
            #expect(maxAbsDifference(fused.floats(), composed.floats()) < 1e-5, "values, shape \(shape)")
            for (index, name) in ["x", "weight", "bias", "eps", "tau"].enumerated() {
                let (a, b) = (fusedGradients[index].floats(), composedGradients[index].floats())
                let scale = max(1, b.map(abs).max() ?? 0)
                #expect(maxAbsDifference(a, b) < 1e-4 * scale, "gradient of \(name), shape \(shape): \(a.prefix(4)) vs \(b.prefix(4))")
            }
        }
    }
}
