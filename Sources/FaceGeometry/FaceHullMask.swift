import Imaging

/// DFL's landmark hull mask (reference §8.3, `get_image_hull_mask`): the union of eight convex
/// hulls over the 68 landmarks with the eyebrows raised by `eyebrowsExpandMod` × half their
/// distance to the eyes. Landmarks are truncated to integers as DFL does.
public enum FaceHullMask {
    /// The landmark groups whose convex hulls are filled.
    static let groups: [[Int]] = [
        Array(0...8) + [17], Array(8...16) + [26], [17, 18, 19, 8], [24, 25, 26, 8], Array(19...24) + [8],
        Array(17...21) + [27, 31, 32, 33, 34, 35, 8], Array(22...26) + [27, 31, 32, 33, 34, 35, 8],
        [27, 28, 29, 30, 31, 32, 33, 34, 35],
    ]

    /// A one-channel `uint8` mask of `width` x `height`: 1 inside the face hull, 0 outside.
    /// `eyebrowsExpandMod` is DFL's per-face eyebrow raise (`eyebrows_expand_mod`, 1 by default).
    /// `origin` is where the mask's top-left pixel lies in the landmarks' image: the mask is that
    /// window of the image-sized mask DFL draws (the merger draws only the face's part of a frame).
    public static func mask(width: Int, height: Int, landmarks: [SIMD2<Double>], eyebrowsExpandMod: Double = 1,
                            origin: SIMD2<Int> = .zero) -> Image {
        precondition(landmarks.count == 68, "FaceHullMask: \(landmarks.count) landmarks, needs 68")
        var points = landmarks.map { SIMD2<Int64>(truncating($0.x), truncating($0.y)) }
        let middleLeft = floorHalf(points[36] &+ points[0])
        let middleRight = floorHalf(points[16] &+ points[45])
        let below = [floorHalf(points[36] &+ middleLeft), points[36], points[37], points[38], points[39],
                     points[42], points[43], points[44], points[45], floorHalf(points[45] &+ middleRight)]
        for (offset, index) in (17...26).enumerated() {
            let brow = points[index], eye = below[offset]
            points[index] = SIMD2(truncating(Double(brow.x) + eyebrowsExpandMod * 0.5 * Double(brow.x - eye.x)),
                                  truncating(Double(brow.y) + eyebrowsExpandMod * 0.5 * Double(brow.y - eye.y)))
        }
        var mask = Image(width: width, height: height, channels: 1, format: .uint8)
        for group in groups {
            let shift = SIMD2<Int64>(Int64(origin.x), Int64(origin.y))
            let hull = convexHull(group.map { SIMD2<Int32>(clamping: points[$0] &- shift) })
            mask.fillConvexPolygon(hull, color: 1)
        }
        return mask
    }

    /// `image` with every pixel outside the hull set to 0 (DFL's `(image * mask).astype(uint8)`).
    public static func masked(_ image: Image, landmarks: [SIMD2<Double>]) -> Image {
        let mask = mask(width: image.width, height: image.height, landmarks: landmarks)
        var result = image
        let channels = image.channels
        mask.withUnsafeBufferPointer(as: UInt8.self) { inside in
            result.withUnsafeMutableBufferPointer(as: UInt8.self) { pixels in
                for pixel in 0..<inside.count where inside[pixel] == 0 {
                    for channel in 0..<channels { pixels[pixel * channels + channel] = 0 }
                }
            }
        }
        return result
    }

    /// C-style float-to-int conversion (toward zero), clamped to the Int64 range.
    private static func truncating(_ value: Double) -> Int64 {
        guard value.isFinite else { return 0 }
        return Int64(max(min(value.rounded(.towardZero), 9.0e18), -9.0e18))
    }

    /// numpy's `// 2` on int64 (floor division).
    private static func floorHalf(_ value: SIMD2<Int64>) -> SIMD2<Int64> {
        SIMD2(value.x >> 1, value.y >> 1)
    }
}
