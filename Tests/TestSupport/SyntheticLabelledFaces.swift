import FaceGeometry
import FaceSet
import Foundation
import Imaging

/// Aligned whole-face JPEGs drawn for XSeg tests: a skin-coloured disc (the face) on a textured
/// background, with a blue rectangle (a "hand") over part of it, labelled as a DFL user would:
/// an include polygon around the disc and an exclude polygon around the hand, so the true mask is
/// the disc without the rectangle. Every face differs a little (position, size, colours).
public enum SyntheticLabelledFaces {
    /// One drawn face: the image, its label polygons (DFL's stored order) and the true mask.
    public struct Face {
        public var image: Image
        public var polygons: [XSegPolygon]
        /// 1 on the disc outside the hand, else 0 (one `float32` channel).
        public var truth: Image
    }

    /// Face number `index` of the series of `seed`, `size` pixels square.
    public static func face(_ index: Int, size: Int, seed: UInt64) -> Face {
        var random = SeededGenerator(seed: seed &+ UInt64(index) &* 7919)
        let s = Float(size)
        let centre = SIMD2(s * Float.random(in: 0.45...0.55, using: &random), s * Float.random(in: 0.45...0.55, using: &random))
        let radius = s * Float.random(in: 0.3...0.36, using: &random)
        let handLow = SIMD2(centre.x + s * Float.random(in: -0.05...0.1, using: &random), centre.y + s * Float.random(in: 0...0.08, using: &random))
        let handHigh = handLow + SIMD2(s * Float.random(in: 0.25...0.35, using: &random), s * Float.random(in: 0.2...0.3, using: &random))
        let skin = SIMD3(Float.random(in: 0.45...0.6, using: &random), Float.random(in: 0.55...0.7, using: &random),
                         Float.random(in: 0.7...0.85, using: &random))
        let hand = SIMD3(Float.random(in: 0.7...0.9, using: &random), Float.random(in: 0.3...0.45, using: &random),
                         Float.random(in: 0.15...0.3, using: &random))
        var pixels = [Float](repeating: 0, count: size * size * 3)
        var truth = [Float](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let point = SIMD2(Float(x) + 0.5, Float(y) + 0.5)
                let inDisc = ((point - centre) * (point - centre)).sum() <= radius * radius
                let inHand = point.x >= handLow.x && point.x <= handHigh.x && point.y >= handLow.y && point.y <= handHigh.y
                let texture = Float.random(in: -0.06...0.06, using: &random)
                let background = SIMD3(0.25 + 0.3 * Float(x) / s, 0.35, 0.2 + 0.3 * Float(y) / s)
                let colour = (inHand ? hand : inDisc ? skin : background) + SIMD3(repeating: texture)
                for c in 0..<3 { pixels[(y * size + x) * 3 + c] = min(max(colour[c], 0), 1) }
                truth[y * size + x] = inDisc && !inHand ? 1 : 0
            }
        }
        let disc = (0..<32).map { k -> SIMD2<Float> in
            let angle = Float(k) * 2 * .pi / 32
            return centre + radius * SIMD2(Foundation.cos(angle), Foundation.sin(angle))
        }
        let rectangle = [handLow, SIMD2(handHigh.x, handLow.y), handHigh, SIMD2(handLow.x, handHigh.y)]
        return Face(image: Image(width: size, height: size, channels: 3, pixels: pixels),
                    polygons: [XSegPolygon(kind: .include, points: disc), XSegPolygon(kind: .exclude, points: rectangle)],
                    truth: Image(width: size, height: size, channels: 1, pixels: truth))
    }

    /// 68 landmarks on an ellipse inside the disc of a `size` face (XSeg's samples need 68; they
    /// matter only when the face type is converted).
    public static func landmarks(size: Int) -> [SIMD2<Float>] {
        (0..<68).map { k in
            let angle = Float(k) * 2 * .pi / 68
            return SIMD2(Float(size) * (0.5 + 0.25 * Foundation.cos(angle)), Float(size) * (0.5 + 0.3 * Foundation.sin(angle)))
        }
    }

    /// Writes faces `first..<first + count` as `<index>_0.jpg` whole-face aligned JPEGs into
    /// `folder` (created), with their polygons when `labelled`.
    public static func write(count: Int, first: Int = 0, size: Int = 64, labelled: Bool = true, seed: UInt64 = 1, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in first..<(first + count) {
            let drawn = face(index, size: size, seed: seed)
            let metadata = AlignedFace(faceType: .wholeFace, landmarks: landmarks(size: size), sourceFilename: String(format: "%05d.png", index),
                                       xsegPolygons: labelled ? drawn.polygons : [])
            let url = folder.appendingPathComponent(String(format: "%05d_0.jpg", index))
            try AlignedFaceImage(image: drawn.image.converted(to: .uint8), quality: 95, face: metadata, sourceName: url.path).write(to: url)
        }
    }
}
