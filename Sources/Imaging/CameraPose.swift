import CVision

/// Where a pinhole camera sees a rigid object from: OpenCV's rotation vector and translation,
/// found from point correspondences with `cv2.solvePnP`.
public struct CameraPose: Sendable, Hashable {
    /// The axis-angle rotation (OpenCV's `rvec`), radians.
    public var rotationVector: SIMD3<Double>
    /// The object's origin in camera coordinates (OpenCV's `tvec`).
    public var translation: SIMD3<Double>

    public init(rotationVector: SIMD3<Double>, translation: SIMD3<Double>) {
        self.rotationVector = rotationVector
        self.translation = translation
    }

    /// The pose `cv2.solvePnP(objectPoints, imagePoints, camera, zeros(4,1))` finds with its
    /// default iterative method, or nil when OpenCV finds none. `camera` is the 3x3 intrinsic
    /// matrix, row by row; at least 4 point pairs are needed.
    public init?(objectPoints: [SIMD3<Float>], imagePoints: [SIMD2<Float>], camera: [Float]) {
        precondition(objectPoints.count == imagePoints.count && objectPoints.count >= 4,
                     "CameraPose: \(objectPoints.count) object and \(imagePoints.count) image points; need ≥ 4 pairs")
        precondition(camera.count == 9, "CameraPose: camera matrix has \(camera.count) values, needs 9")
        let objects = objectPoints.flatMap { [$0.x, $0.y, $0.z] }
        let images = imagePoints.flatMap { [$0.x, $0.y] }
        var rotation = [Double](repeating: 0, count: 3), translation = [Double](repeating: 0, count: 3)
        let status = cv_solve_pnp(objects, images, Int32(objectPoints.count), camera, &rotation, &translation)
        guard status == 0 else { return nil }
        self.init(rotationVector: SIMD3(rotation[0], rotation[1], rotation[2]),
                  translation: SIMD3(translation[0], translation[1], translation[2]))
    }

    /// The 3x3 rotation matrix of `rotationVector` (`cv2.Rodrigues`), row by row.
    public var rotationMatrix: [Double] {
        let vector = [rotationVector.x, rotationVector.y, rotationVector.z]
        var matrix = [Double](repeating: 0, count: 9)
        checkCVision(cv_rodrigues(vector, &matrix), "CameraPose.rotationMatrix")
        return matrix
    }
}
