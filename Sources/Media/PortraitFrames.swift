import Foundation
import Imaging

/// Frames of a synthetic shot made from a still portrait: the face pans, zooms, turns in the
/// image plane and drifts in colour, on a grey background, like a short handheld clip.
public enum PortraitFrames {
    /// The frame → portrait transform of frame `index` of `count` (what moved the face there).
    public static func motion(index: Int, count: Int, portraitSize: (Int, Int), frameSize: (Int, Int)) -> AffineMatrix {
        let t = count > 1 ? Double(index) / Double(count - 1) : 0
        let angle = 0.25 * sin(2 * Double.pi * t)                    // up to ±14°
        let scale = 0.75 + 0.25 * t                                   // slow zoom in
        let centre = (Double(frameSize.0) * (0.35 + 0.3 * t), Double(frameSize.1) * (0.5 + 0.05 * sin(4 * Double.pi * t)))
        let (c, s) = (cos(angle) * scale, sin(angle) * scale)
        let (px, py) = (Double(portraitSize.0) / 2, Double(portraitSize.1) / 2)
        // portrait → frame: rotate/scale about the portrait centre, then move it to `centre`.
        let forward = AffineMatrix(m00: c, m01: -s, m02: centre.0 - (c * px - s * py),
                                      m10: s, m11: c, m12: centre.1 - (s * px + c * py))
        return forward
    }

    /// Renders frame `index` (BGR uint8) of a `count`-frame shot of `portrait`.
    public static func frame(_ index: Int, of count: Int, portrait: Image, width: Int, height: Int) -> Image {
        let forward = motion(index: index, count: count, portraitSize: (portrait.width, portrait.height), frameSize: (width, height))
        var canvas = Image(width: width, height: height, channels: 3, repeating: UInt8(96))
        portrait.warpAffine(into: &canvas, forward, interpolation: .linear, border: .transparent)
        let t = Float(index) / Float(max(count - 1, 1))
        let gains: [Float] = [1 - 0.1 * t, 1, 1 + 0.1 * t]          // blue down, red up: colour drift
        let tables = gains.map { gain in (0...255).map { UInt8(min(255, Float($0) * gain)) } }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        canvas.withUnsafeBufferPointer(as: UInt8.self) { source in
            pixels.withUnsafeMutableBufferPointer { target in
                tables[0].withUnsafeBufferPointer { blue in
                    tables[2].withUnsafeBufferPointer { red in
                        var index = 0
                        while index < target.count {
                            target[index] = blue[Int(source[index])]
                            target[index + 1] = source[index + 1]
                            target[index + 2] = red[Int(source[index + 2])]
                            index += 3
                        }
                    }
                }
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Writes `count` frames as `00001.png`, `00002.png`, … into `folder`; returns their URLs.
    @discardableResult
    public static func write(count: Int, of portrait: Image, width: Int, height: Int, into folder: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try (0..<count).map { index in
            let url = folder.appendingPathComponent(String(format: "%05d.png", index + 1))
            try frame(index, of: count, portrait: portrait, width: width, height: height).write(to: url, as: .png(compressionLevel: 1))
            return url
        }
    }

    /// `count` 1100×620 frames (`00001.png`…) showing two portraits side by side, the pair
    /// swapped on even-numbered frames (00002, 00004, …) and the left one sinking 5 px a frame.
    public static func writeTwoPeople(count: Int, _ first: Image, _ second: Image, into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            var canvas = Image(width: 1100, height: 620, channels: 3, repeating: UInt8(80))
            let (left, right) = index % 2 == 0 ? (first, second) : (second, first)
            left.warpAffine(into: &canvas, AffineMatrix(elements: [1, 0, 20, 0, 1, 40 + Double(index) * 5]), border: .transparent)
            right.warpAffine(into: &canvas, AffineMatrix(elements: [1, 0, 560, 0, 1, 30]), border: .transparent)
            try canvas.write(to: folder.appendingPathComponent(String(format: "%05d.png", index + 1)), as: .png(compressionLevel: 1))
        }
    }
}
