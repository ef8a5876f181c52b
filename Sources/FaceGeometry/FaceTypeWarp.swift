import Imaging

/// The warp between two face types of one aligned face, as DFL's `xseg apply` makes it
/// (`mainscripts/XSegUtil.py apply_xseg`, reference §4.2): an aligned face of one type, `size`
/// pixels square, mapped onto the crop another face type makes of the same frame.
///
/// Both crops come from the face's frame landmarks (`source_landmarks`): the corners (0, 0),
/// (size, 0) and (0, size) of the other type's crop are mapped to the frame and from there into
/// the face's own crop; the matrix takes those three points back onto the corners. Points are
/// float32 between the steps, as DFL's `transform_points` gives them.
public enum FaceTypeWarp {
    /// The matrix from an aligned face of `faceType` (`size`×`size` pixels) to the crop of
    /// `target` at the same size, both cut by DFL's alignment from `sourceLandmarks` (68 points,
    /// frame pixels). Nil when either type is `mark_only` (DFL's alignment has no crop for it).
    public static func matrix(sourceLandmarks: [SIMD2<Float>], size: Int, from faceType: FaceType, to target: FaceType) -> AffineMatrix? {
        guard FaceAlignment.padding(of: faceType) != nil, FaceAlignment.padding(of: target) != nil else { return nil }
        let targetCrop = FaceAlignment.transform(landmarks: sourceLandmarks, size: size, faceType: target)
        let ownCrop = FaceAlignment.transform(landmarks: sourceLandmarks, size: size, faceType: faceType)
        let s = Float(size)
        let corners = [SIMD2<Float>(0, 0), SIMD2(s, 0), SIMD2(0, s)]
        let inFrame = targetCrop.inverted().apply(to: corners)
        let inFace = ownCrop.apply(to: inFrame)
        return FaceAlignment.affineTransform(from: inFace.map(SIMD2<Double>.init), to: corners.map(SIMD2<Double>.init))
    }
}
