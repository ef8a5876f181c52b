import Foundation
import NN
import Tensors
import Testing
import TestSupport

/// XSeg's layers (FRN, TLU, BlurPool) against the NumPy float64 reference of
/// `Tests/Reference/make_xseg_fixtures.py` (inputs rounded to float32 there, so only Masque's
/// float32 arithmetic differs).
@Suite struct XSegLayerReferenceTests {
    /// Float32 against float64 on single layers: differences seen are below 5e-7.
    static let tolerance: Float = 1e-5

    static func nchw(_ t: Tensor) -> Tensor { t.permuted([0, 3, 1, 2]).contiguous() }
    static func nhwc(_ t: Tensor) -> [Float] { t.permuted([0, 2, 3, 1]).contiguous().floats() }

    @Test func frnNormalisesByTheMeanSquareWithTheAbsoluteEps() throws {
        let f = try ReferenceFixtures.tensors("xseg/layers.safetensors")
        let layer = FRNorm2D(3)
        #expect(layer.namedParameters().map(\.name) == ["weight", "bias", "eps"], "DFL's build order")
        #expect(layer.eps.value.shape == [1] && abs(layer.eps.value.floats()[0] - 1e-6) < 1e-12)
        withoutGradients {
            layer.weight.value.assign(f["frn_weight"]!)
            layer.bias.value.assign(f["frn_bias"]!)
            layer.eps.value.assign(f["frn_eps"]!)
        }
        #expect(f["frn_eps"]!.floats()[0] < 0, "the fixture's eps is negative, so |eps| is exercised")
        let y = withoutGradients { layer(Self.nchw(f["frn_x"]!)) }
        let difference = maxAbsDifference(Self.nhwc(y), f["frn_y"]!.floats())
        #expect(difference < Self.tolerance, "FRN differs by \(difference)")
    }

    @Test func tluIsTheMaximumWithTauPerChannel() throws {
        let f = try ReferenceFixtures.tensors("xseg/layers.safetensors")
        let layer = TLU(3)
        #expect(layer.tau.value.floats() == [0, 0, 0])
        withoutGradients { layer.tau.value.assign(f["tlu_tau"]!) }
        let y = withoutGradients { layer(Self.nchw(f["tlu_x"]!)) }
        #expect(Self.nhwc(y) == f["tlu_y"]!.floats(), "a maximum is exact")
    }

    @Test(arguments: 1...7)
    func blurPoolFiltersWithTheBinomialKernelAndDFLsPadding(size: Int) throws {
        let f = try ReferenceFixtures.tensors("xseg/layers.safetensors")
        let layer = BlurPool(size: size)
        #expect(layer.parameters().isEmpty, "DFL saves nothing for BlurPool")
        let y = withoutGradients { layer(Self.nchw(f["blur_x"]!)) }
        let reference = try #require(f["blur\(size)"])
        #expect(y.shape == [1, 2, 5, 4], "9×8 → 5×4 at stride 2")
        let difference = maxAbsDifference(Self.nhwc(y), reference.floats())
        #expect(difference < Self.tolerance, "BlurPool \(size) differs by \(difference)")
    }
}
