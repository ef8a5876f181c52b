import Imaging
@testable import Merger
import Testing

/// The mask's erode and blur in DFL's units: pixels of the 4R mask (reference §8.2 step 8).
@Suite struct WorkMaskTests {
    /// A 128-px mask (R = 32) with ones in columns and rows 32..<96.
    static func square() -> Image {
        var values = [Float](repeating: 0, count: 128 * 128)
        for y in 32..<96 { for x in 32..<96 { values[y * 128 + x] = 1 } }
        return Image(width: 128, height: 128, channels: 1, pixels: values)
    }

    static func row(_ mask: Image, _ y: Int) -> [Float] {
        Array(mask.pixels(as: Float.self)[(y * 128)..<((y + 1) * 128)])
    }

    @Test func erodeShrinksByHalfTheEllipseAndDilateGrows() {
        let eroded = Self.row(WorkMask.shaped(Self.square(), padding: 32, erode: 20, blur: 0), 64)
        #expect(eroded.firstIndex(of: 1) == 42 && eroded.lastIndex(of: 1) == 86, "\(eroded)")
        let dilated = Self.row(WorkMask.shaped(Self.square(), padding: 32, erode: -20, blur: 0), 64)
        #expect(dilated.firstIndex(of: 1) == 23 && dilated.lastIndex(of: 1) == 105, "\(dilated)")
    }

    @Test func blurFeathersAcrossTheEdgeWithOpenCVsSigma() {
        let blurred = Self.row(WorkMask.shaped(Self.square(), padding: 32, erode: 0, blur: 40), 64)
        // A 41-px Gaussian: half way at the edge, flat beyond 20 px on either side.
        #expect(abs((blurred[31] + blurred[32]) / 2 - 0.5) < 0.02, "\(blurred[31]), \(blurred[32])")
        #expect(blurred[64] > 0.999 && blurred[2] < 0.001)
        #expect(blurred[22] > 0.05 && blurred[42] < 0.95, "\(blurred[22]), \(blurred[42]): OpenCV gives 0.071 and 0.948")
    }

    @Test func theBandAlongTheEdgeIsCleared() {
        let full = Image(width: 128, height: 128, channels: 1, repeating: Float(1))
        // padding R + blur/2 = 32 + 10 of the padded 192 px: 10 px of the mask itself are cleared.
        let row = Self.row(WorkMask.shaped(full, padding: 32, erode: 0, blur: 20), 64)
        #expect(row[0] < 0.01 && row[64] > 0.999)
        let hard = Self.row(WorkMask.shaped(full, padding: 32, erode: 0, blur: 0), 64)
        #expect(hard[0] == 1, "without blur the band is the padding alone")
    }
}
