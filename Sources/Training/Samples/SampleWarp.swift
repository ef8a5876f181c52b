import Foundation
import Imaging

/// DFL's random warp and transform of one training sample (`core/imagelib/warp.py`
/// `gen_warp_params` / `warp_by_params`, reference §7.2): a grid warp of random control-point
/// offsets, then rotation, scale and shift about the centre, then a horizontal flip. Every output
/// of one sample (the warped input, the target, its masks) uses the same parameters.
public struct SampleWarp: Sendable, Equatable {
    /// The side the parameters are for (at least 64; smaller samples are warped at 64 and back).
    public var size: Int
    /// Rotation in degrees (counter-clockwise, OpenCV's convention).
    public var rotation: Double
    /// Zoom factor.
    public var scale: Double
    /// Shift as fractions of the side.
    public var translation: SIMD2<Double>
    /// Mirror left ↔ right.
    public var flip: Bool
    /// Side of a grid cell in pixels: size/2, /4 or /8.
    public var cellSize: Int
    /// Where each of the (size/cell + 1)² control points of the grid moved to, x then y, in
    /// pixels, row by row; the border ring stays in place.
    public var controlX: [Float]
    public var controlY: [Float]

    /// The ranges DFL's `SampleProcessor.Options` draw from.
    public struct Ranges: Sendable, Equatable {
        /// Rotation in degrees.
        public var rotation: ClosedRange<Double> = -10...10
        /// Scale change as DFL gives it (±0.05 by default, ±0.15 for SAEHD and AMP): the zoom is
        /// drawn from [1/(1 − lower), 1 + upper].
        public var scale: ClosedRange<Double> = -0.05...0.05
        /// Shift as fractions of the side.
        public var translation: ClosedRange<Double> = -0.05...0.05
        /// Flip 40 % of samples.
        public var flip = true

        public init() {}

        /// SAEHD's and AMP's ranges: DFL's defaults with scale ±0.15.
        public static var saehd: Ranges { var r = Ranges(); r.scale = -0.15...0.15; return r }
    }

    /// DFL's draw for a sample of side `size`.
    public static func random(size: Int, ranges: Ranges = Ranges(), using random: inout some RandomNumberGenerator) -> SampleWarp {
        let side = max(size, 64)
        let rotation = Double.random(in: ranges.rotation, using: &random)
        let scale = Double.random(in: (1 / (1 - ranges.scale.lowerBound))...(1 + ranges.scale.upperBound), using: &random)
        let translation = SIMD2(Double.random(in: ranges.translation, using: &random), Double.random(in: ranges.translation, using: &random))
        let flip = ranges.flip && Int.random(in: 0..<10, using: &random) < 4
        let cell = [side / 2, side / 4, side / 8][Int.random(in: 0..<3, using: &random)]
        let count = side / cell + 1
        var xs: [Float] = [], ys: [Float] = []
        for row in 0..<count {
            for column in 0..<count {
                let base = SIMD2(Float(column * side) / Float(count - 1), Float(row * side) / Float(count - 1))
                let interior = row > 0 && column > 0 && row < count - 1 && column < count - 1
                let offset = interior ? SIMD2(truncatedNormal(&random), truncatedNormal(&random)) / 2.5 * (0.24 * Float(cell)) : .zero
                xs.append(base.x + offset.x)
                ys.append(base.y + offset.y)
            }
        }
        return SampleWarp(size: side, rotation: rotation, scale: scale, translation: translation, flip: flip, cellSize: cell,
                          controlX: xs, controlY: ys)
    }

    /// A standard normal draw truncated to ±2.5 (rejection), as `scipy.stats.truncnorm(-2.5, 2.5)`.
    static func truncatedNormal(_ random: inout some RandomNumberGenerator) -> Float {
        while true {
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random), u2 = Double.random(in: 0..<1, using: &random)
            let value = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            if abs(value) <= 2.5 { return Float(value) }
        }
    }

    /// The remap tables: the control grid resized bilinearly to (size + cell)² and cropped by
    /// cell/2 on each side, as DFL builds `mapx`, `mapy`.
    public func remapTables() -> (x: Image, y: Image) {
        let count = size / cellSize + 1
        let full = size + cellSize, crop = cellSize / 2
        func table(_ values: [Float]) -> Image {
            let grid = Image(width: count, height: count, channels: 1, pixels: values)
            let resized = grid.resized(width: full, height: full, interpolation: .linear)
            return resized.cropped(x: crop, y: crop, width: size, height: size)
        }
        return (table(controlX), table(controlY))
    }

    /// `cv2.getRotationMatrix2D((size//2, size//2), rotation, scale)` plus the shift.
    public var transform: AffineMatrix {
        let radians = rotation * Double.pi / 180
        let (alpha, beta) = (scale * cos(radians), scale * sin(radians))
        let centre = Double(size / 2)
        return AffineMatrix(m00: alpha, m01: beta, m02: (1 - alpha) * centre - beta * centre + translation.x * Double(size),
                            m10: -beta, m11: alpha, m12: beta * centre + (1 - alpha) * centre + translation.y * Double(size))
    }

    /// `image` (of this warp's side, or smaller: then resized to it and back) put through the
    /// grid warp when `warp`, the transform when `transform`, and the flip. Faces use replicated
    /// borders and masks zero borders; the interpolation is `interpolation`, by default cubic for
    /// faces and linear for masks (`SampleProcessor`; DFL's XSeg generator warps masks cubically).
    public func apply(to image: Image, warp: Bool, transform applyTransform: Bool, isMask: Bool,
                      interpolation: Interpolation? = nil) -> Image {
        let interpolation = interpolation ?? (isMask ? .linear : .cubic)
        let original = image.width
        var x = original == size ? image : image.resized(width: size, height: size, interpolation: interpolation)
        if warp {
            let (mapX, mapY) = remapTables()
            x = x.remapped(mapX: mapX, mapY: mapY, interpolation: interpolation)          // cv2.remap's default zero border
        }
        if applyTransform {
            x = x.warpedAffine(transform, width: size, height: size, interpolation: interpolation,
                               border: isMask ? .constant(.zero) : .replicate)
        }
        if flip { x = x.flipped(.horizontal) }
        return original == size ? x : x.resized(width: original, height: original, interpolation: interpolation)
    }
}
