import Foundation
import Imaging

/// DFL's face alignment (`LandmarksProcessor.get_transform_mat`, reference §2.4): the affine
/// matrix that maps a frame onto an aligned face of `size`×`size` pixels for a face type.
public enum FaceAlignment {
    /// Padding of each face type (`FaceType_to_padding_remove_align`) and whether its square is
    /// axis-aligned (the `_no_align` types). Nil for `markOnly`, which is never warped.
    public static func padding(of faceType: FaceType) -> (padding: Double, removeAlign: Bool)? {
        switch faceType {
        case .half: (0.0, false)
        case .midFull: (0.0675, false)
        case .full: (0.2109375, false)
        case .fullNoAlign: (0.2109375, true)
        case .wholeFace: (0.40, false)
        case .head: (0.70, false)
        case .headNoAlign: (0.70, true)
        case .markOnly: nil
        }
    }

    /// The similarity transform (`mat0`) from the frame's landmarks 17–48, 54 onto the unit template.
    public static func templateTransform(landmarks: [SIMD2<Float>]) -> AffineMatrix {
        precondition(landmarks.count == 68, "alignment needs 68 landmarks, got \(landmarks.count)")
        let source = AlignmentTemplate.landmarkIndices.map { SIMD2<Double>(landmarks[$0]) }
        let destination = AlignmentTemplate.points.map { SIMD2<Double>($0) }
        let m = Umeyama.estimate(from: source, to: destination)
        return AffineMatrix(m00: m[0][0], m01: m[0][1], m02: m[0][2], m10: m[1][0], m11: m[1][1], m12: m[1][2])
    }

    /// DFL's `estimate_averaged_yaw`: how far the nose line sits from the jaw's middle, in
    /// template units; positive when the face turns towards the image's left.
    public static func averagedYaw(_ l: [SIMD2<Float>]) -> Double {
        let x = l.map { Double($0.x) }
        return ((x[16] - x[27]) + (x[15] - x[28]) + (x[14] - x[29])) / 3
            - ((x[27] - x[0]) + (x[28] - x[1]) + (x[29] - x[2])) / 3
    }

    /// The frame → aligned-face matrix for `landmarks` (68 points, frame pixels).
    /// `scale` > 1 zooms in (the merger's output face scale).
    public static func transform(landmarks: [SIMD2<Float>], size: Int, faceType: FaceType, scale: Double = 1) -> AffineMatrix {
        guard let (padding, removeAlign) = padding(of: faceType) else {
            preconditionFailure("mark_only faces are not warped")
        }
        let toTemplate = templateTransform(landmarks: landmarks)
        let fromTemplate = toTemplate.inverted()
        // DFL maps float32 points and gets float32 results back; keep that precision.
        let corners = fromTemplate.apply(to: [SIMD2<Float>(0, 0), SIMD2(1, 0), SIMD2(1, 1), SIMD2(0, 1), SIMD2(0.5, 0.5)])
        let (g0, g1, g2, g3) = (corners[0], corners[1], corners[2], corners[3])
        var center = corners[4]
        let topToBottom = normalized(g2 - g0)
        let bottomToTop = normalized(g1 - g3)
        let mod = (1 / scale) * Double(length(g0 - g2)) * (padding * 2.0.squareRoot() + 0.5)

        switch faceType {
        case .wholeFace:
            center += normalized(g0 - g3) * length(g0 - g3) * 0.07
        case .head:
            let aligned = toTemplate.apply(to: landmarks)
            var yaw = averagedYaw(aligned)
            yaw *= abs(tanh(yaw * 2))
            center -= normalized(g0 - g1) * (Float(yaw) * length(g0 - g1) / 2)
            center += normalized(g0 - g3) * length(g0 - g3) * 0.5
        default:
            break
        }

        let modulus = Float(mod)
        var points: [SIMD2<Float>]
        if removeAlign {
            let square = [center - topToBottom * modulus, center + bottomToTop * modulus,
                          center + topToBottom * modulus, center - bottomToTop * modulus]
            let side = polygonArea(square).squareRoot() / 2
            points = [center + SIMD2(-side, -side), center + SIMD2(side, -side), center + SIMD2(side, side)]
        } else {
            points = [center - topToBottom * modulus, center + bottomToTop * modulus, center + topToBottom * modulus]
        }
        let s = Double(size)
        return affineTransform(from: points.map(SIMD2<Double>.init), to: [SIMD2(0, 0), SIMD2(s, 0), SIMD2(s, s)])
    }

    /// `cv2.getAffineTransform`: the affine map taking three points onto three others.
    public static func affineTransform(from source: [SIMD2<Double>], to destination: [SIMD2<Double>]) -> AffineMatrix {
        let (p0, p1, p2) = (source[0], source[1], source[2])
        let det = (p1.x - p0.x) * (p2.y - p0.y) - (p2.x - p0.x) * (p1.y - p0.y)
        precondition(det != 0, "getAffineTransform: the source points are collinear")
        func row(_ q0: Double, _ q1: Double, _ q2: Double) -> (Double, Double, Double) {
            let a = ((q1 - q0) * (p2.y - p0.y) - (q2 - q0) * (p1.y - p0.y)) / det
            let b = ((p1.x - p0.x) * (q2 - q0) - (p2.x - p0.x) * (q1 - q0)) / det
            return (a, b, q0 - a * p0.x - b * p0.y)
        }
        let x = row(destination[0].x, destination[1].x, destination[2].x)
        let y = row(destination[0].y, destination[1].y, destination[2].y)
        return AffineMatrix(m00: x.0, m01: x.1, m02: x.2, m10: y.0, m11: y.1, m12: y.2)
    }

    /// Area of a simple polygon (shoelace formula, absolute value).
    public static func polygonArea(_ points: [SIMD2<Float>]) -> Float {
        var twice: Float = 0
        for i in points.indices {
            let a = points[i], b = points[(i + 1) % points.count]
            twice += a.x * b.y - b.x * a.y
        }
        return abs(twice) / 2
    }

    static func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
    static func normalized(_ v: SIMD2<Float>) -> SIMD2<Float> { v / length(v) }
}
