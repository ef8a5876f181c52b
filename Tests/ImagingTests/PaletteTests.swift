import Foundation
import Imaging
import Testing

/// DFL's colour degrade (`reduce_colors`): at most 256 colours, chosen by median cut.
@Suite struct PaletteTests {
    /// A smooth gradient with thousands of colours.
    static func gradient(width: Int = 96, height: Int = 64) -> Image {
        var values: [Float] = []
        for y in 0..<height {
            for x in 0..<width {
                values += [Float(x) / Float(width - 1), Float(y) / Float(height - 1), Float((x + y) % 37) / 36]
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: values)
    }

    static func colours(_ image: Image) -> Set<SIMD3<Float>> {
        let values = image.pixels(as: Float.self)
        return Set(stride(from: 0, to: values.count, by: 3).map { SIMD3(values[$0], values[$0 + 1], values[$0 + 2]) })
    }

    @Test func keepsAtMostTheColoursAskedForAndStaysClose() {
        let image = Self.gradient()
        #expect(Self.colours(image).count > 256)
        for colours in [256, 16] {
            let reduced = image.reducedToPalette(colors: colours)
            #expect(Self.colours(reduced).count <= colours)
            let error = zip(image.pixels(as: Float.self), reduced.pixels(as: Float.self)).map { abs($0 - $1) }
            let mean = error.reduce(0, +) / Float(error.count)
            // n boxes of the colour cube are about 256 / n^(1/3) levels a side, and a uniform
            // spread over a side is a quarter side off its mean on average; allow twice that.
            let expected = 256 / Float(pow(Double(colours), 1.0 / 3)) / 4 / 255
            #expect(mean < 2 * expected, "mean error \(mean) with \(colours) colours")
        }
    }

    @Test func anImageWithFewColoursIsKeptExactly() {
        var values: [Float] = []
        for index in 0..<(40 * 30) {
            let level = 36 * (index % 7)
            values += [Float(level) / 255, Float(255 - level) / 255, Float(index % 3 * 100) / 255]
        }
        let image = Image(width: 40, height: 30, channels: 3, pixels: values)
        let reduced = image.reducedToPalette(colors: 256)
        let difference = zip(image.pixels(as: Float.self), reduced.pixels(as: Float.self)).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-6, "\(difference)")
    }
}
