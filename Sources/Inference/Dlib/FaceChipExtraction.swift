import Foundation
import Imaging

extension Image {
    /// The face chip `details` describes, cut the way dlib's `extract_image_chip` does: a
    /// `size` × `size` BGR `uint8` image sampled bilinearly (values truncated, pixels whose
    /// 2 × 2 neighbourhood leaves the frame black); when the chip is more than twice smaller than
    /// its rectangle, from dlib's 2:1 image pyramid of the region around it instead of the frame.
    /// Gray and BGRA frames are converted to BGR, `float32` ones (0…1) to `uint8` first.
    /// A chip whose details are not finite is black.
    public func faceChip(_ details: FaceChipDetails) -> Image {
        precondition(details.size > 0, "faceChip: the chip size must be positive")
        guard [details.left, details.top, details.right, details.bottom, details.angle].allSatisfy(\.isFinite) else {
            return Image(width: details.size, height: details.size, channels: 3, format: .uint8)
        }
        var frame = format == .uint8 ? self : converted(to: .uint8)
        if frame.channels == 1 { frame = frame.converted(.grayToBgr) }
        if frame.channels == 4 { frame = frame.converted(.bgraToBgr) }
        return FaceChipCutter(frame: frame, details: details).chip()
    }
}

/// dlib's `extract_image_chips` for one chip, step by step (`image_transforms/interpolation.h`).
private struct FaceChipCutter {
    public let frame: Image
    public let details: FaceChipDetails

    /// dlib's `drectangle`: right and bottom inclusive, width = right − left + 1.
    public struct Box {
        var left, top, right, bottom: Double

        var isEmpty: Bool { top > bottom || left > right }
        var area: Double { isEmpty ? 0 : (right - left + 1) * (bottom - top + 1) }
        var centre: SIMD2<Double> { SIMD2((left + right) / 2, (top + bottom) / 2) }

        /// The box one level down dlib's 2:1 pyramid (`pyramid_down<2>::rect_down`).
        var down: Box { Box(left: left / 2 - 1.25, top: top / 2 - 0.75, right: right / 2 - 1.25, bottom: bottom / 2 - 0.75) }
    }

    /// The pixels a chip is sampled from: a window (`originX`, `originY`, `width` × `height`) of
    /// a packed 3-channel buffer `rowLength` pixels wide.
    public struct Source {
        var pixels: [UInt8]
        var rowLength: Int
        var originX: Int
        var originY: Int
        var width: Int
        var height: Int
    }

    public func chip() -> Image {
        let size = details.size
        let rect = Box(left: details.left, top: details.top, right: details.right, bottom: details.bottom)
        let chipArea = Double(size * size)
        let framePixels = frame.pixels(as: UInt8.self)

        if details.angle == 0, Double(size) == rect.bottom - rect.top + 1, Double(size) == rect.right - rect.left + 1 {
            return copy(framePixels, left: lround(rect.left), top: lround(rect.top))
        }

        var depth = 0
        var grow = 2.0
        var shrunk = rect.down
        while shrunk.area > chipArea {
            shrunk = shrunk.down
            depth += 1
            grow = grow * 2 + 2
        }
        let corners = [SIMD2(rect.left, rect.top), SIMD2(rect.right, rect.top), SIMD2(rect.left, rect.bottom), SIMD2(rect.right, rect.bottom)]
            .map { Self.rotate($0, about: rect.centre, by: details.angle) }
        let rotated = Box(left: corners.map(\.x).min()!, top: corners.map(\.y).min()!,
                          right: corners.map(\.x).max()!, bottom: corners.map(\.y).max()!)
        let region = Box(left: max(rotated.left - grow, 0), top: max(rotated.top - grow, 0),
                         right: min(rotated.right + grow, Double(frame.width - 1)),
                         bottom: min(rotated.bottom + grow, Double(frame.height - 1)))
        guard !region.isEmpty else { return Image(width: size, height: size, channels: 3, format: .uint8) }
        let (regionLeft, regionTop) = (lround(region.left), lround(region.top))
        let (regionRight, regionBottom) = (lround(region.right), lround(region.bottom))
        guard regionLeft <= regionRight, regionTop <= regionBottom else {
            return Image(width: size, height: size, channels: 3, format: .uint8)
        }

        var level = -1
        var local = Box(left: rect.left - Double(regionLeft), top: rect.top - Double(regionTop),
                        right: rect.right - Double(regionLeft), bottom: rect.bottom - Double(regionTop))
        while local.down.area > chipArea {
            level += 1
            local = local.down
        }
        var source = Source(pixels: framePixels, rowLength: frame.width, originX: regionLeft, originY: regionTop,
                            width: regionRight - regionLeft + 1, height: regionBottom - regionTop + 1)
        if level >= 0 {
            var pyramid = DlibPyramidDown.Pixels(width: source.width, height: source.height, channels: 3,
                                                 values: Self.window(of: source))
            for _ in 0...level { pyramid = DlibPyramidDown.apply(pyramid) }
            source = Source(pixels: pyramid.values, rowLength: pyramid.width, originX: 0, originY: 0,
                            width: pyramid.width, height: pyramid.height)
        }

        let topLeft = Self.rotate(SIMD2(local.left, local.top), about: local.centre, by: details.angle)
        let topRight = Self.rotate(SIMD2(local.right, local.top), about: local.centre, by: details.angle)
        let bottomLeft = Self.rotate(SIMD2(local.left, local.bottom), about: local.centre, by: details.angle)
        let alongRow = (topRight - topLeft) / Double(size - 1)
        let alongColumn = (bottomLeft - topLeft) / Double(size - 1)
        return sample(source, origin: topLeft, alongRow: alongRow, alongColumn: alongColumn)
    }

    /// dlib's `rotate_point`: `point` turned by `angle` radians about `centre`.
    public static func rotate(_ point: SIMD2<Double>, about centre: SIMD2<Double>, by angle: Double) -> SIMD2<Double> {
        let (sine, cosine) = (sin(angle), cos(angle))
        let offset = point - centre
        return SIMD2(cosine * offset.x - sine * offset.y, sine * offset.x + cosine * offset.y) + centre
    }

    /// The window's pixels, packed.
    public static func window(of source: Source) -> [UInt8] {
        var values = [UInt8](repeating: 0, count: source.width * source.height * 3)
        for y in 0..<source.height {
            let from = ((source.originY + y) * source.rowLength + source.originX) * 3
            values.replaceSubrange(y * source.width * 3..<(y + 1) * source.width * 3,
                                   with: source.pixels[from..<from + source.width * 3])
        }
        return values
    }

    /// Chip pixel (c, r) takes the source at origin + c·alongRow + r·alongColumn, bilinearly
    /// (dlib's `interpolate_bilinear`: double weights, truncated; black where the 2 × 2
    /// neighbourhood leaves the source).
    public func sample(_ source: Source, origin: SIMD2<Double>, alongRow: SIMD2<Double>, alongColumn: SIMD2<Double>) -> Image {
        let size = details.size
        var chip = [UInt8](repeating: 0, count: size * size * 3)
        source.pixels.withUnsafeBufferPointer { pixels in
            chip.withUnsafeMutableBufferPointer { chip in
                for r in 0..<size {
                    for c in 0..<size {
                        let point = SIMD2(alongRow.x * Double(c) + alongColumn.x * Double(r) + origin.x,
                                          alongRow.y * Double(c) + alongColumn.y * Double(r) + origin.y)
                        let x = point.x.rounded(.down)
                        let y = point.y.rounded(.down)
                        guard x >= 0, y >= 0, x + 1 < Double(source.width), y + 1 < Double(source.height) else { continue }
                        let (left, top) = (Int(x), Int(y))
                        let across = point.x - x
                        let down = point.y - y
                        let topRow = ((source.originY + top) * source.rowLength + source.originX + left) * 3
                        let bottomRow = topRow + source.rowLength * 3
                        let output = (r * size + c) * 3
                        for channel in 0..<3 {
                            let topLeft = Double(pixels[topRow + channel])
                            let topRight = Double(pixels[topRow + 3 + channel])
                            let bottomLeft = Double(pixels[bottomRow + channel])
                            let bottomRight = Double(pixels[bottomRow + 3 + channel])
                            let value = (1 - down) * ((1 - across) * topLeft + across * topRight)
                                + down * ((1 - across) * bottomLeft + across * bottomRight)
                            chip[output + channel] = UInt8(value)
                        }
                    }
                }
            }
        }
        return Image(width: size, height: size, channels: 3, pixels: chip)
    }

    /// dlib's unscaled, unrotated chip: a plain copy of the frame's pixels, black outside it.
    public func copy(_ pixels: [UInt8], left: Int, top: Int) -> Image {
        let size = details.size
        var chip = [UInt8](repeating: 0, count: size * size * 3)
        for r in 0..<size where top + r >= 0 && top + r < frame.height {
            for c in 0..<size where left + c >= 0 && left + c < frame.width {
                for channel in 0..<3 {
                    chip[(r * size + c) * 3 + channel] = pixels[((top + r) * frame.width + left + c) * 3 + channel]
                }
            }
        }
        return Image(width: size, height: size, channels: 3, pixels: chip)
    }
}
