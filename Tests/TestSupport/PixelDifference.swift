import Imaging

/// How far apart two equally shaped `uint8` images are.
public struct PixelDifference: Sendable, CustomStringConvertible {
    /// The mean absolute difference over every channel value.
    public let mean: Double
    /// The largest absolute difference of one channel value.
    public let maximum: Int

    public init(_ a: Image, _ b: Image) {
        precondition(a.width == b.width && a.height == b.height && a.channels == b.channels,
                     "PixelDifference: \(a.width)x\(a.height)x\(a.channels) vs \(b.width)x\(b.height)x\(b.channels)")
        let differences = zip(a.pixels(as: UInt8.self), b.pixels(as: UInt8.self)).map { abs(Int($0) - Int($1)) }
        mean = Double(differences.reduce(0, +)) / Double(max(1, differences.count))
        maximum = differences.max() ?? 0
    }

    public var description: String { "mean \(mean), max \(maximum)" }
}
