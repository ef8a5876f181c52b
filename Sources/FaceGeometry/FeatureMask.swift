import Imaging

/// DFL's eye and mouth masks (`LandmarksProcessor.get_image_eye_mask` and
/// `get_image_mouth_mask`, reference §8.3), which SAEHD's `eyes_mouth_prio` weighs: landmarks
/// truncated to integers, the convex hulls of the eyes (36–41, 42–47) or of the inner mouth
/// (60–67) filled with 1, one dilation with an ellipse of `height / 32` pixels, then a Gaussian
/// blur with the odd kernel `height / 16` (rounded up to odd). One channel, float32 in [0, 1].
public enum FeatureMask {
    /// The eye mask of a `width`×`height` image whose 68 `landmarks` are in its pixels.
    public static func eyes(width: Int, height: Int, landmarks: [SIMD2<Float>]) -> Image {
        mask(width: width, height: height, landmarks: landmarks, groups: [Array(36...41), Array(42...47)])
    }

    /// The mouth mask of a `width`×`height` image whose 68 `landmarks` are in its pixels.
    public static func mouth(width: Int, height: Int, landmarks: [SIMD2<Float>]) -> Image {
        mask(width: width, height: height, landmarks: landmarks, groups: [Array(60...67)])
    }

    private static func mask(width: Int, height: Int, landmarks: [SIMD2<Float>], groups: [[Int]]) -> Image {
        precondition(landmarks.count == 68, "FeatureMask: \(landmarks.count) landmarks, needs 68")
        var mask = Image(width: width, height: height, channels: 1, format: .float32)
        for group in groups {
            let points = group.map { SIMD2<Int32>(truncating(landmarks[$0].x), truncating(landmarks[$0].y)) }
            mask.fillConvexPolygon(convexHull(points), color: 1)
        }
        // OpenCV dilates with its default 3×3 square when DFL's ellipse size rounds to 0.
        let dilation = height / 32
        let element = dilation > 0 ? StructuringElement(shape: .ellipse, size: dilation)
                                   : StructuringElement(shape: .rectangle, size: 3)
        let blur = height / 16 + (1 - (height / 16) % 2)
        return mask.dilated(element).gaussianBlurred(kernelSize: blur, sigma: 0)
    }

    /// C-style float-to-int conversion (toward zero), clamped to the Int32 range.
    private static func truncating(_ value: Float) -> Int32 {
        guard value.isFinite else { return 0 }
        return Int32(max(min(value.rounded(.towardZero), 2.0e9), -2.0e9))
    }
}
