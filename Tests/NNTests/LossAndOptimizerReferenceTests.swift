import Foundation
@testable import NN
import Tensors
import Testing
import TestSupport

/// DSSIM and optimizer steps against Tests/Reference/make_torch_fixtures.py.
@Suite struct LossAndOptimizerReferenceTests {
    @Test(arguments: [("dssim_f11", 11), ("dssim_f8", 8)])
    func dssimMatchesDFLFormulaAndGradient(name: String, filterSize: Int) throws {
        let f = try ReferenceFixtures.tensors("torch/\(name).safetensors")
        let a = f["a"]!
        a.requiresGrad = true
        let value = dssim(a, f["b"]!, filterSize: filterSize)
        #expect(value.shape == [2, 3])
        #expect(allClose(value, f["dssim"]!, rtol: 1e-4, atol: 1e-6))
        value.sum().backward()
        #expect(allClose(a.grad!, f["da"]!, rtol: 1e-3, atol: 1e-6))
    }

    private func stepOnce(_ make: ([(name: String, parameter: Parameter)]) -> Optimizer,
                          seed: (Optimizer) throws -> Void) throws -> (Optimizer, Tensor, SafeTensors.Contents) {
        let f = try ReferenceFixtures.tensors("torch/optimizer_step.safetensors")
        let parameter = Parameter(f["p"]!.to(.float32))
        let optimizer = make([("w", parameter)])
        try seed(optimizer)
        (parameter.value * f["g"]!).sum().backward()
        try optimizer.step()
        return (optimizer, parameter.value, f)
    }

    @Test func rmspropStepHasDFLSemantics() throws {
        let (optimizer, p, f) = try stepOnce({ RMSprop($0, rules: UpdateRules(learningRate: 0.01)) }) { optimizer in
            let f = try ReferenceFixtures.tensors("torch/optimizer_step.safetensors")
            withoutGradients { optimizer.slot("acc", 0).assign(f["acc"]!) }
        }
        #expect(allClose(p, f["rmsprop_p"]!, rtol: 1e-5, atol: 1e-6))
        #expect(allClose(optimizer.slot("acc", 0), f["rmsprop_acc"]!, rtol: 1e-5, atol: 1e-7))
        #expect(optimizer.iterations == 1)
        #expect(p.grad == nil)
    }

    @Test func adaBeliefStepHasDFLSemantics() throws {
        let seed: (Optimizer) throws -> Void = { optimizer in
            let f = try ReferenceFixtures.tensors("torch/optimizer_step.safetensors")
            withoutGradients {
                optimizer.slot("ms", 0).assign(f["m"]!)
                optimizer.slot("vs", 0).assign(f["v"]!)
            }
        }
        let (optimizer, p, f) = try stepOnce({ AdaBelief($0, rules: UpdateRules(learningRate: 0.01)) }, seed: seed)
        #expect(allClose(p, f["adabelief_p"]!, rtol: 1e-5, atol: 1e-6))
        #expect(allClose(optimizer.slot("ms", 0), f["adabelief_m"]!, rtol: 1e-5, atol: 1e-7))
        #expect(allClose(optimizer.slot("vs", 0), f["adabelief_v"]!, rtol: 1e-5, atol: 1e-7))
        let (_, clipped, _) = try stepOnce({ AdaBelief($0, rules: UpdateRules(learningRate: 0.01, clipNorm: 1)) }, seed: seed)
        #expect(allClose(clipped, f["adabelief_clip_p"]!, rtol: 1e-5, atol: 1e-6))
    }

    @Test func lrDropoutKeepsAboutThirtyPercentOfUpdates() throws {
        let parameter = Parameter(Tensor.zeros([100, 100]))
        let optimizer = RMSprop([("w", parameter)], rules: UpdateRules(learningRate: 0.1, lrDropout: 0.3),
                                generator: try Generator(seed: 7))
        parameter.value.sum().backward()
        try optimizer.step()
        let moved = parameter.value.ne(0).to(.float32).mean().item()
        #expect(abs(moved - 0.3) < 0.03)
    }

    @Test func lrCosineCycleScalesTheStep() throws {
        let parameter = Parameter(Tensor.zeros([1]))
        let optimizer = RMSprop([("w", parameter)], rules: UpdateRules(learningRate: 1, lrCosinePeriod: 4))
        var moves: [Double] = []
        for _ in 0..<3 {
            let before = parameter.value.item()
            parameter.value.sum().backward()
            try optimizer.step()
            moves.append(before - parameter.value.item())
        }
        // Factors (cos(step·2π/4) + 1)/2: 1, ½, 0 for steps 0, 1, 2.
        #expect(moves[0] > 0)
        #expect(moves[1] > 0 && moves[1] < moves[0])
        #expect(abs(moves[2]) < 1e-9)
    }
}
