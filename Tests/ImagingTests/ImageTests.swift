import Imaging
import Testing

@Suite struct ImageTests {
    @Test func zeroImageHasShapeAndZeros() {
        let image = Image(width: 5, height: 3, channels: 3, format: .float32)
        #expect(image.elementCount == 45)
        #expect(image.rowByteCount == 60)
        #expect(image.pixels(as: Float.self).allSatisfy { $0 == 0 })
    }

    @Test func pixelsAreRowMajorInterleaved() {
        let image = Image(width: 2, height: 2, channels: 3, pixels: [UInt8](0..<12))
        #expect(image[x: 1, y: 0, channel: 2] == 5)
        #expect(image[x: 0, y: 1, channel: 0] == 6)
        #expect(image.format == .uint8)
    }

    @Test func copiesShareUntilWritten() {
        let original = Image(width: 4, height: 4, channels: 1, repeating: UInt8(7))
        var copy = original
        #expect(copy == original)
        copy[x: 2, y: 3, channel: 0] = 300.4
        #expect(copy[x: 2, y: 3, channel: 0] == 255)
        #expect(original[x: 2, y: 3, channel: 0] == 7)
        copy.withUnsafeMutableBufferPointer(as: UInt8.self) { $0[0] = 1 }
        #expect(original.pixels(as: UInt8.self)[0] == 7)
        #expect(copy != original)
    }

    @Test func uint8ToFloatDividesBy255() throws {
        let converted = try Fixtures.inputU8.converted(to: .float32)
        try expectMatches(converted, fixture: "input_f32", tolerance: .relative(1e-6))
    }

    @Test func floatToUint8RoundsAndClamps() {
        let image = Image(width: 4, height: 1, channels: 1, pixels: [-0.5, 0.5 / 255, 1.6 / 255, 2.0] as [Float])
        #expect(image.converted(to: .uint8).pixels(as: UInt8.self) == [0, 0, 2, 255])
        #expect(image.converted(to: .uint8, scale: 100).pixels(as: UInt8.self) == [0, 0, 1, 200])
    }

    @Test func roundTripThroughFloatIsLossless() throws {
        let input = try Fixtures.inputU8
        #expect(input.converted(to: .float32).converted(to: .uint8) == input)
    }
}
