/// A frame rate as ffmpeg states it: a rational number of frames per second, e.g. `30000/1001`.
public struct FrameRate: Sendable, Hashable, CustomStringConvertible {
    /// Frames (numerator), > 0.
    public let numerator: Int
    /// Per this many seconds (denominator), > 0.
    public let denominator: Int

    /// A rate of `numerator`/`denominator` frames per second; nil unless both are positive.
    public init?(numerator: Int, denominator: Int) {
        guard numerator > 0, denominator > 0 else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Parses ffmpeg's notation: `30000/1001`, `25/1`, `25` or `29.97`; nil for `0/0` and nonsense.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let top = Int(parts[0]), let bottom = Int(parts[1]) {
            self.init(numerator: top, denominator: bottom)
        } else if parts.count == 1, let whole = Int(parts[0]) {
            self.init(numerator: whole, denominator: 1)
        } else if parts.count == 1, let value = Double(parts[0]), value.isFinite, value > 0,
                  let thousandths = Int(exactly: (value * 1000).rounded()) {
            self.init(numerator: thousandths, denominator: 1000)
        } else {
            return nil
        }
    }

    /// Frames per second as a floating-point number.
    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    /// ffmpeg's notation, `numerator/denominator`.
    public var description: String { "\(numerator)/\(denominator)" }
}
