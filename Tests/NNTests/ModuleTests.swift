import Foundation
@testable import NN
import Tensors
import Testing
import TestSupport

final class TinyEncoder: Module, @unchecked Sendable {
    let down1: DownscaleBlock
    let res1: ResidualBlock
    let dense1: Dense

    init(generator: Generator?) {
        down1 = DownscaleBlock(3, 4, count: 2, generator: generator)
        res1 = ResidualBlock(8, generator: generator)
        dense1 = Dense(8 * 2 * 2, 5, generator: generator)
    }

    func callAsFunction(_ x: Tensor) -> Tensor { dense1(res1(down1(x)).flattened()) }
}

@Suite struct ModuleTests {
    @Test func parametersAreNamedLikeDFLVariablesInDeclarationOrder() throws {
        let model = TinyEncoder(generator: try Generator(seed: 1))
        #expect(model.namedParameters().map(\.name) == [
            "down1.downs_0.conv1.weight", "down1.downs_0.conv1.bias",
            "down1.downs_1.conv1.weight", "down1.downs_1.conv1.bias",
            "res1.conv1.weight", "res1.conv1.bias", "res1.conv2.weight", "res1.conv2.bias",
            "dense1.weight", "dense1.bias",
        ])
        #expect(model.down1.downs[1].conv1.weight.value.shape == [8, 4, 5, 5])
        #expect(model(Tensor.zeros([2, 3, 8, 8])).shape == [2, 5])
    }

    @Test func glorotUniformHasTheRightRange() throws {
        let conv = Conv2D(16, 32, kernel: 3, generator: try Generator(seed: 3))
        let limit = (6.0 / Double(9 * 16 + 9 * 32)).squareRoot()
        let values = conv.weight.value.floats()
        #expect(values.allSatisfy { abs(Double($0)) <= limit })
        #expect(Double(values.map { abs($0) }.max()!) > limit * 0.95)
        #expect(conv.bias!.value.floats().allSatisfy { $0 == 0 })
    }

    @Test func blocksHaveDFLShapes() throws {
        let generator = try Generator(seed: 2)
        let x = Tensor.normal([1, 8, 8, 8], generator: generator)
        #expect(Downscale(8, 16, generator: generator)(x).shape == [1, 16, 4, 4])
        #expect(Upscale(8, 6, generator: generator)(x).shape == [1, 6, 16, 16])
        #expect(ResidualBlock(8, activation: .cosine, generator: generator)(x).shape == [1, 8, 8, 8])
        #expect(Conv2DTranspose(8, 4, generator: generator)(x).shape == [1, 4, 16, 16])
        let normalized = pixelNorm(x.flattened())
        #expect(abs(normalized.square().mean().item() - 1) < 1e-3)
        let blurred = gaussianBlur(Tensor.ones([1, 2, 9, 9]), sigma: 1)
        #expect(abs(blurred.slice(2, 4, 5).slice(3, 4, 5).mean().item() - 1) < 1e-5)
    }
}
