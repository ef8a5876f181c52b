import Imaging

/// The turns DFL's extractor tries, in order, until a detector finds a face (reference §2.1):
/// 0°, 90° (transpose + horizontal flip = clockwise), 270° (counter-clockwise), 180°.
public enum FrameRotation: Int, Sendable, CaseIterable {
    case none = 0
    case clockwise = 90
    case counterClockwise = 270
    case halfTurn = 180

    /// The frame as the detector sees it.
    public func apply(to frame: Image) -> Image {
        switch self {
        case .none: frame
        case .clockwise: frame.rotated(.clockwise)
        case .counterClockwise: frame.rotated(.counterClockwise)
        case .halfTurn: frame.rotated(.halfTurn)
        }
    }

    /// A point of the turned frame in the original frame of `width`×`height` (DFL's formulas,
    /// which use `h − x` rather than `h − 1 − x`).
    public func unrotate(_ p: SIMD2<Float>, width: Int, height: Int) -> SIMD2<Float> {
        let (w, h) = (Float(width), Float(height))
        return switch self {
        case .none: p
        case .clockwise: SIMD2(p.y, h - p.x)
        case .halfTurn: SIMD2(w - p.x, h - p.y)
        case .counterClockwise: SIMD2(w - p.y, p.x)
        }
    }

    /// A detection box of the turned frame in the original frame. Like DFL, the box is not
    /// re-normalised, so after a turn `left > right` and/or `top > bottom` can hold.
    public func unrotate(_ face: FaceDetection, width: Int, height: Int) -> FaceDetection {
        let (w, h) = (Float(width), Float(height))
        let (l, t, r, b) = (face.left, face.top, face.right, face.bottom)
        var mapped = face
        switch self {
        case .none: return face
        case .clockwise: (mapped.left, mapped.top, mapped.right, mapped.bottom) = (t, h - l, b, h - r)
        case .halfTurn: (mapped.left, mapped.top, mapped.right, mapped.bottom) = (w - l, h - t, w - r, h - b)
        case .counterClockwise: (mapped.left, mapped.top, mapped.right, mapped.bottom) = (w - b, l, w - t, r)
        }
        mapped.keypoints = face.keypoints.map { unrotate($0, width: width, height: height) }
        return mapped
    }
}
