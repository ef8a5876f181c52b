/// A value for each channel of one pixel (up to 4, BGR(A) order), in the image's element
/// units: 0…255 for `uint8`, usually 0…1 for `float32`. Used as a drawing colour and as the
/// border value of warps. Channels beyond the image's count are ignored.
///
/// An integer or float literal sets every channel (`255` is white on a BGR image); an array
/// literal sets the channels in order and leaves the rest zero (`[255, 0, 0]` is blue).
public struct PixelValue: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByArrayLiteral {
    /// Channel values, blue first.
    public var channels: SIMD4<Double>

    /// The given channel values; missing ones are zero.
    public init(_ blue: Double, _ green: Double = 0, _ red: Double = 0, _ alpha: Double = 0) {
        channels = SIMD4(blue, green, red, alpha)
    }

    /// The same value in every channel.
    public init(all value: Double) {
        channels = SIMD4(repeating: value)
    }

    public init(integerLiteral value: Int) {
        self.init(all: Double(value))
    }

    public init(floatLiteral value: Double) {
        self.init(all: value)
    }

    public init(arrayLiteral values: Double...) {
        precondition(values.count <= 4, "PixelValue: \(values.count) channel values; at most 4")
        channels = SIMD4(repeating: 0)
        for (index, value) in values.enumerated() { channels[index] = value }
    }

    /// Zero in every channel: black, or an empty mask.
    public static let zero = PixelValue(all: 0)

    /// Calls `body` with the four values laid out as OpenCV's `Scalar`.
    func withScalar<Result>(_ body: (UnsafePointer<Double>) -> Result) -> Result {
        withUnsafeBytes(of: channels) { body($0.baseAddress!.assumingMemoryBound(to: Double.self)) }
    }
}
