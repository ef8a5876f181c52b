import Foundation

/// Smooths the first face's landmarks of each frame in frame order (dst's optional temporal
/// stability) while workers finish frames out of order: the call for frame `n` waits until frames
/// `0..<n` have passed. The filter restarts when a frame has no face or could not be read, or the
/// face jumps (its centre moves more than half a box between frames). Every frame number must
/// pass exactly once.
final class OrderedLandmarkSmoother: @unchecked Sendable {
    private var smoother: LandmarkSmoother
    private var lastBox: FaceDetection?
    private var next = 0
    private let condition = NSCondition()

    /// `rate`: frames per second of the video.
    init(rate: Double) { smoother = LandmarkSmoother(rate: rate) }

    /// `frame` (number `order`, counting from 0) with its first face's landmarks smoothed; frames
    /// that failed or hold no face pass through unchanged.
    func smooth(_ frame: Result<LocatedFrame, ExtractionError>, order: Int) -> Result<LocatedFrame, ExtractionError> {
        condition.lock()
        defer { condition.unlock() }
        while next != order { condition.wait() }
        defer {
            next += 1
            condition.broadcast()
        }
        guard case .success(var located) = frame, var first = located.faces.first else {
            smoother.reset()
            lastBox = nil
            return frame
        }
        if let lastBox, !Self.isSameFace(lastBox, first.detection) { smoother.reset() }
        first.landmarks = smoother.smooth(first.landmarks)
        located.faces[0] = first
        lastBox = first.detection
        return .success(located)
    }

    /// Whether two boxes in consecutive frames are the same face (centres closer than half a box).
    static func isSameFace(_ a: FaceDetection, _ b: FaceDetection) -> Bool {
        let ca = SIMD2(a.left + a.right, a.top + a.bottom) / 2, cb = SIMD2(b.left + b.right, b.top + b.bottom) / 2
        let d = ca - cb
        return (d * d).sum().squareRoot() < max(abs(a.width), abs(a.height)) / 2
    }
}
