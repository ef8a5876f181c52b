import Imaging
import Testing

@Suite struct SharpnessTests {
    @Test func laplacianVarianceMatchesOpenCV() throws {
        let gray = try Fixtures.image("gray_u8")
        let expected = try Fixtures.array("laplacian_variance_gray_u8").doubles()
        expectValues([gray.laplacianVariance()], expected, tolerance: .relative(1e-9), name: "laplacian variance u8")
        let grayF32 = try Fixtures.image("gray_f32")
        let expectedF32 = try Fixtures.array("laplacian_variance_gray_f32").doubles()
        expectValues([grayF32.laplacianVariance()], expectedF32, tolerance: .relative(1e-4),
                     name: "laplacian variance f32")
    }

    @Test func colourImagesAreMeasuredInGray() throws {
        let input = try Fixtures.inputU8
        #expect(input.laplacianVariance() == input.converted(.bgrToGray).laplacianVariance())
    }

    @Test func blurLowersTheVariance() throws {
        let input = try Fixtures.inputU8
        #expect(input.gaussianBlurred(kernelSize: 0, sigma: 2).laplacianVariance() < input.laplacianVariance() / 4)
        #expect(Image(width: 8, height: 8, channels: 1, repeating: UInt8(90)).laplacianVariance() == 0)
    }
}
