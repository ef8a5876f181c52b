import Foundation
import Imaging

/// A face's head pose as DFL estimates it from aligned landmarks
/// (`LandmarksProcessor.estimate_pitch_yaw_roll`, reference §3), radians in −π/2…π/2.
/// `pitch` is returned negated, as DFL returns it.
public struct HeadPose: Sendable, Hashable {
    public var pitch: Double
    public var yaw: Double
    public var roll: Double

    public init(pitch: Double, yaw: Double, roll: Double) {
        self.pitch = pitch
        self.yaw = yaw
        self.roll = roll
    }

    /// The landmarks `solvePnP` fits: jaw and brows 0–26 and nose 30–35.
    static let fittedIndices = Array(0...26) + Array(30...35)

    /// The pose of a face whose 68 `landmarks` are in pixels of an aligned image `size` wide:
    /// solvePnP against DFL's 3D mean face with focal length `size` and the principal point
    /// at the image centre, the rotation turned into Euler angles and clipped to ±π/2.
    /// Nil when OpenCV finds no pose.
    public init?(landmarks: [SIMD2<Double>], size: Int) {
        precondition(landmarks.count == 68, "HeadPose: \(landmarks.count) landmarks, needs 68")
        let focal = Float(size), centre = Float(Double(size) / 2)
        let camera: [Float] = [focal, 0, centre, 0, focal, centre, 0, 0, 1]
        guard let pose = CameraPose(objectPoints: Self.fittedIndices.map { MeanFace3D.landmarks[$0] },
                                    imagePoints: Self.fittedIndices.map { SIMD2<Float>(landmarks[$0]) },
                                    camera: camera) else { return nil }
        let r = pose.rotationMatrix
        let sy = (r[0] * r[0] + r[3] * r[3]).squareRoot()
        let x, y, z: Double
        if sy < 1e-6 {
            x = atan2(-r[5], r[4])
            y = atan2(-r[6], sy)
            z = 0
        } else {
            x = atan2(r[7], r[8])
            y = atan2(-r[6], sy)
            z = atan2(r[3], r[0])
        }
        let clip = { (angle: Double) in min(max(angle, -Double.pi / 2), Double.pi / 2) }
        self.init(pitch: -clip(x), yaw: clip(y), roll: clip(z))
    }
}
