import Foundation

/// The One-Euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass filter whose cut-off rises
/// with speed, so slow jitter is smoothed strongly while fast motion passes with little lag.
/// Filters one scalar signal sampled at `rate` Hz.
public struct OneEuroFilter: Sendable {
    /// Cut-off at rest (Hz); lower = smoother.
    public var minCutoff: Double
    /// How fast the cut-off grows with speed; higher = less lag on fast motion.
    public var beta: Double
    /// Cut-off of the speed estimate (Hz).
    public var derivativeCutoff: Double
    /// Samples per second (the video's frame rate).
    public var rate: Double

    private var previous: Double?
    private var previousDerivative = 0.0

    public init(minCutoff: Double = 1.0, beta: Double = 0.05, derivativeCutoff: Double = 1.0, rate: Double = 30) {
        self.minCutoff = minCutoff
        self.beta = beta
        self.derivativeCutoff = derivativeCutoff
        self.rate = rate
    }

    private func smoothing(cutoff: Double) -> Double {
        let tau = 1 / (2 * Double.pi * cutoff)
        return 1 / (1 + tau * rate)
    }

    /// The filtered value of the next sample.
    public mutating func callAsFunction(_ value: Double) -> Double {
        guard let last = previous else {
            previous = value
            return value
        }
        let derivative = (value - last) * rate
        let a = smoothing(cutoff: derivativeCutoff)
        previousDerivative = a * derivative + (1 - a) * previousDerivative
        let cutoff = minCutoff + beta * abs(previousDerivative)
        let alpha = smoothing(cutoff: cutoff)
        let filtered = alpha * value + (1 - alpha) * last
        previous = filtered
        return filtered
    }

    /// Forgets the history (a cut, or the face was lost).
    public mutating func reset() {
        previous = nil
        previousDerivative = 0
    }
}
