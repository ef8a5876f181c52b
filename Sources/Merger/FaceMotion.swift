/// How far and which way a face moved between its neighbouring frames (DFL's `FrameInfo.motion_power`
/// and `motion_deg`, reference §8.1), for the merger's motion blur.
public struct FaceMotion: Sendable, Hashable, Codable {
    /// Distance in frame pixels between the previous and next frame's face centres.
    public var power: Double
    /// Direction in degrees, counter-clockwise from +x (OpenCV's convention).
    public var degrees: Double

    public init(power: Double, degrees: Double) {
        self.power = power
        self.degrees = degrees
    }

    /// No motion: the blur is skipped.
    public static let none = FaceMotion(power: 0, degrees: 0)
}
