/// dlib's `pyramid_down<2>` on 8-bit colour pixels: a separable 5-tap [1 4 6 4 1] Gaussian
/// followed by dropping every other row and column, in integer arithmetic (the sum of 256 weights
/// divided by 256, rounded down). An image of r × c pixels becomes ⌊(r − 3) / 2⌋ × ⌊(c − 3) / 2⌋;
/// output pixel (x, y) is centred on input pixel (2x + 2, 2y + 2). Images of 8 or fewer rows or
/// columns become empty, as in dlib.
public struct DlibPyramidDown {
    /// A packed image of `channels` bytes per pixel.
    public struct Pixels {
        var width: Int
        var height: Int
        var channels: Int
        var values: [UInt8]
    }

    public static func apply(_ image: Pixels) -> Pixels {
        guard image.width > 8, image.height > 8 else {
            return Pixels(width: 0, height: 0, channels: image.channels, values: [])
        }
        let (width, height, channels) = (image.width, image.height, image.channels)
        let filteredWidth = (width - 3) / 2
        let outputHeight = (height - 3) / 2
        var rows = [UInt16](repeating: 0, count: height * filteredWidth * channels)
        image.values.withUnsafeBufferPointer { source in
            rows.withUnsafeMutableBufferPointer { rows in
                for y in 0..<height {
                    for x in 0..<filteredWidth {
                        let input = (y * width + 2 * x) * channels
                        let output = (y * filteredWidth + x) * channels
                        for c in 0..<channels {
                            let tap = { (k: Int) in UInt16(source[input + k * channels + c]) }
                            rows[output + c] = tap(0) + 4 * tap(1) + 6 * tap(2) + 4 * tap(3) + tap(4)
                        }
                    }
                }
            }
        }
        var values = [UInt8](repeating: 0, count: outputHeight * filteredWidth * channels)
        rows.withUnsafeBufferPointer { rows in
            values.withUnsafeMutableBufferPointer { output in
                for y in 0..<outputHeight {
                    let centre = 2 * y + 2
                    for x in 0..<filteredWidth * channels {
                        let tap = { (k: Int) in UInt32(rows[(centre + k) * filteredWidth * channels + x]) }
                        let sum = tap(-2) + 4 * tap(-1) + 6 * tap(0) + 4 * tap(1) + tap(2)
                        output[y * filteredWidth * channels + x] = UInt8(sum / 256)
                    }
                }
            }
        }
        return Pixels(width: filteredWidth, height: outputHeight, channels: channels, values: values)
    }
}
