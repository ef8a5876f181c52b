import Foundation
@testable import Models
import NN
import Tensors
import Testing
import TestSupport

/// SAEHD's per-sample reconstruction loss against the NumPy reference of §5.5
/// (`Tests/Reference/make_saehd_loss_fixtures.py`), for every combination of masked training,
/// eyes-and-mouth priority and blur-out mask, at R = 64 and R = 256 (DFL's two DSSIM rules).
@Suite struct SAEHDLossTests {
    /// Float32 sums of about 10⁵ terms against the reference's float64: about 1e-6 relative.
    static let relativeTolerance: Float = 2e-5

    static func input(_ contents: SafeTensors.Contents, _ key: String) throws -> Tensor {
        let bytes = try #require(contents[key], "\(key) missing from loss.safetensors")
        return (bytes.to(.float32) / 255).permuted([0, 3, 1, 2]).contiguous()
    }

    @Test(arguments: [64, 96, 256])
    func lossEqualsTheReference(resolution: Int) throws {
        let fixture = try ReferenceFixtures.tensors("saehd/loss.safetensors")
        let target = try Self.input(fixture, "target_\(resolution)"), prediction = try Self.input(fixture, "pred_\(resolution)")
        let mask = try Self.input(fixture, "mask_\(resolution)"), predictedMask = try Self.input(fixture, "pred_mask_\(resolution)")
        let eyesMouth = try Self.input(fixture, "em_\(resolution)")
        for masked in [false, true] {
            for eyes in [false, true] {
                for blurOut in [false, true] {
                    let key = "loss_\(resolution)_\(masked ? 1 : 0)\(eyes ? 1 : 0)\(blurOut ? 1 : 0)"
                    let loss = SAEHDLoss(resolution: resolution, maskedTraining: masked, eyesMouthPriority: eyes, blurOutMask: blurOut)
                    let values = loss(target: target, prediction: prediction, mask: mask, eyesMouthMask: eyesMouth,
                                      predictedMask: predictedMask).floats()
                    let reference = try #require(fixture[key]).floats()
                    #expect(values.count == reference.count)
                    for (value, expected) in zip(values, reference) {
                        #expect(abs(value - expected) <= Self.relativeTolerance * abs(expected), "\(key): \(value) vs \(expected)")
                    }
                }
            }
        }
    }

    @Test func quick96sLossUsesTheBlurredMaskAsItIs() throws {
        let fixture = try ReferenceFixtures.tensors("saehd/loss.safetensors")
        let values = Quick96.loss(target: try Self.input(fixture, "target_96"), prediction: try Self.input(fixture, "pred_96"),
                                  mask: try Self.input(fixture, "mask_96"), eyesMouthMask: try Self.input(fixture, "em_96"),
                                  predictedMask: try Self.input(fixture, "pred_mask_96")).floats()
        let reference = try #require(fixture["loss_quick96"]).floats()
        for (value, expected) in zip(values, reference) {
            #expect(abs(value - expected) <= Self.relativeTolerance * abs(expected), "Quick96: \(value) vs \(expected)")
        }
        let saehd = try #require(fixture["loss_96_100"]).floats()
        #expect(abs(saehd[0] - reference[0]) > 1e-3, "the two mask rules differ on this input")
    }

    @Test func quick96IsDFWithUDAtItsFixedSize() throws {
        let network = Quick96.network(generator: try Generator(seed: 2))
        #expect(Quick96.architecture.description == "df-ud")
        #expect(network.parameterCount == SAEHDArchitectureTests.Formula.total(Quick96.architecture, Quick96.dimensions))
        #expect(network.parts.map(\.name) == ["encoder", "inter", "decoder_src", "decoder_dst"])
        let face = Tensor.uniform([1, 3, 96, 96], generator: try Generator(seed: 3))
        let swap = withoutGradients { network.swap(face) }
        #expect(swap.face.shape == [1, 3, 96, 96] && swap.mask.shape == [1, 1, 96, 96])
    }

    @Test func theLossFallsWhenThePredictionMovesTowardsTheTarget() throws {
        let generator = try Generator(seed: 5)
        let target = Tensor.uniform([1, 3, 64, 64], generator: generator)
        let noise = Tensor.uniform([1, 3, 64, 64], generator: generator)
        let mask = Tensor.ones([1, 1, 64, 64])
        let loss = SAEHDLoss(resolution: 64)
        let far = loss(target: target, prediction: noise, mask: mask, eyesMouthMask: mask, predictedMask: mask).floats()[0]
        let near = loss(target: target, prediction: target * 0.9 + noise * 0.1, mask: mask, eyesMouthMask: mask, predictedMask: mask)
            .floats()[0]
        #expect(near < far / 2, "near \(near), far \(far)")
    }
}
