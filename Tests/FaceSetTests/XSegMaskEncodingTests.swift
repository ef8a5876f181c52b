@testable import FaceSet
import Foundation
import Imaging
import Testing
import TestSupport

/// `EncodedXSegMask(encoding:)` stores masks as DFL's `set_xseg_mask` does.
@Suite struct XSegMaskEncodingTests {
    @Test func aBinaryMaskIsStoredAsPNGAndReadBackExactly() throws {
        let values = (0..<(256 * 256)).map { index -> Float in (index % 256 > 64 && index / 256 < 200) ? 1 : 0 }
        let mask = Image(width: 256, height: 256, channels: 1, pixels: values)
        let encoded = try EncodedXSegMask(encoding: mask)
        #expect(encoded.format == .png)
        #expect(try encoded.decoded(sourceName: "mask").pixels(as: Float.self) == values)
    }

    @Test func floatValuesAreTruncatedAfterScalingAsNumpyCastsThem() throws {
        let mask = Image(width: 4, height: 1, channels: 1, pixels: [Float(0.999), 0.5, -0.25, 1.5])
        let decoded = try Image(encoded: Data(try EncodedXSegMask(encoding: mask).bytes), mode: .unchanged)
        #expect(decoded.pixels(as: UInt8.self) == [254, 127, 0, 255])
    }

    @Test func aMaskWhosePNGIsTooLargeBecomesTheBestJPEGThatFits() throws {
        var random = SeededRandom(seed: 7)
        let noise = (0..<(256 * 256)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let encoded = try EncodedXSegMask(encoding: Image(width: 256, height: 256, channels: 1, pixels: noise))
        #expect(encoded.format == .jpeg)
        #expect(encoded.bytes.count <= EncodedXSegMask.maximumByteCount)
        let looser = try Image(width: 256, height: 256, channels: 1, pixels: noise).encoded(as: .jpeg(quality: 100))
        #expect(looser.count > EncodedXSegMask.maximumByteCount, "quality 100 does not fit, so a lower one was chosen")
    }
}
