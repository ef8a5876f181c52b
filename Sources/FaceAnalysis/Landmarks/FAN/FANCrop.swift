import Foundation
import Imaging

/// The square FAN looks at for a face box (`FANExtractor.crop` and `transform`, reference §2.3):
/// side ≈ 200·scale with `scale = (width + height) / 195`, centred on the box.
///
/// A map of `R` pixels over the crop relates to the image by `u = R·(x − cx)/(200·scale) + R/2`.
/// The inverse is computed in the order NumPy's `linalg.inv` and `matmul` give, so the
/// truncated crop corners fall on the same pixels as in DFL.
struct FANCrop: Equatable {
    /// The side of the network input.
    static let inputSize = 256

    let center: SIMD2<Double>
    let scale: Double

    init(center: SIMD2<Double>, scale: Double) {
        self.center = center
        self.scale = scale
    }

    /// The crop of the box (left, top, right, bottom) in image pixels.
    init(left: Double, top: Double, right: Double, bottom: Double) {
        self.init(center: SIMD2((left + right) / 2, (top + bottom) / 2), scale: (right - left + bottom - top) / 195)
    }

    /// The same crop moved by `offset` pixels (DFL's multi-sampling moves it by ±1).
    func shifted(by offset: SIMD2<Double>) -> FANCrop {
        FANCrop(center: center + offset, scale: scale)
    }

    /// The image point of point `p` of a map of `resolution` pixels over the crop.
    func imagePoint(_ p: SIMD2<Double>, resolution: Double) -> SIMD2<Double> {
        let side = 200 * scale
        let zoom = resolution / side
        let inverseZoom = 1 / zoom
        let shiftX = resolution * (-center.x / side + 0.5)
        let shiftY = resolution * (-center.y / side + 0.5)
        return SIMD2(inverseZoom * p.x + -(shiftX * inverseZoom), inverseZoom * p.y + -(shiftY * inverseZoom))
    }

    /// The crop's corners in image pixels, truncated toward zero: `ul` maps to input pixel
    /// (1, 1), `br` to (256, 256). Nil when they are not finite.
    func corners() -> (ul: SIMD2<Int>, br: SIMD2<Int>)? {
        let size = Double(Self.inputSize)
        let ul = imagePoint(SIMD2(1, 1), resolution: size), br = imagePoint(SIMD2(size, size), resolution: size)
        guard [ul.x, ul.y, br.x, br.y].allSatisfy({ abs($0) < 1e9 }) else { return nil }
        return (SIMD2(Int(ul.x), Int(ul.y)), SIMD2(Int(br.x), Int(br.y)))
    }

    /// The largest crop side: four times an 8K frame's width; a bigger one (a box placed by hand
    /// far beyond the frame) would not fit in memory.
    static let largestSide = 32_768

    /// The network input: the part of `frame` (3-channel uint8) inside the crop on a black
    /// canvas of the crop's size, resized bilinearly to 256×256. Nil when the crop is empty,
    /// does not overlap the frame, or is more than `largestSide` pixels on a side.
    func image(from frame: Image) -> Image? {
        guard let (ul, br) = corners() else { return nil }
        let canvasWidth = br.x - ul.x, canvasHeight = br.y - ul.y
        let overlapWidth = min(br.x, frame.width) - max(ul.x, 0)
        let overlapHeight = min(br.y, frame.height) - max(ul.y, 0)
        guard canvasWidth > 0, canvasHeight > 0, overlapWidth > 0, overlapHeight > 0,
              canvasWidth <= Self.largestSide, canvasHeight <= Self.largestSide else { return nil }
        var canvas = Image(width: canvasWidth, height: canvasHeight, channels: 3, format: .uint8)
        let rowBytes = overlapWidth * 3
        frame.withUnsafeBufferPointer(as: UInt8.self) { source in
            canvas.withUnsafeMutableBufferPointer(as: UInt8.self) { target in
                for row in 0..<overlapHeight {
                    let from = ((max(ul.y, 0) + row) * frame.width + max(ul.x, 0)) * 3
                    let to = ((max(-ul.y, 0) + row) * canvasWidth + max(-ul.x, 0)) * 3
                    target.baseAddress!.advanced(by: to).update(from: source.baseAddress!.advanced(by: from), count: rowBytes)
                }
            }
        }
        return canvas.resized(width: Self.inputSize, height: Self.inputSize, interpolation: .linear)
    }
}
