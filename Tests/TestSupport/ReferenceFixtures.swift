import Foundation
import Tensors

/// Locates the committed reference fixtures under `Tests/Reference`.
public enum ReferenceFixtures {
    /// `Tests/Reference` of this checkout.
    public static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Reference")

    public static func url(_ relativePath: String) -> URL { folder.appendingPathComponent(relativePath) }

    /// A safetensors fixture written by a script in `Tests/Reference`.
    public static func tensors(_ relativePath: String) throws -> SafeTensors.Contents {
        try SafeTensors.read(url(relativePath))
    }
}

/// A fixture that is missing or not what its generator writes; fails the test that needs it.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The largest absolute difference between two equally long sequences.
public func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Whether `a` and `b` agree within `atol + rtol·|b|` element-wise.
public func allClose(_ a: Tensor, _ b: Tensor, rtol: Float = 1e-4, atol: Float = 1e-5) -> Bool {
    guard a.shape == b.shape else { return false }
    return zip(a.floats(), b.floats()).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
}

/// A fresh empty temporary folder.
public func makeTemporaryFolder(_ label: String = "masque-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Tolerances shared by tests that check DFL's alignment against the NumPy/OpenCV reference.
public enum AlignmentTolerance {
    /// Relative error of a frame ↔ face matrix entry: float32 landmarks against the reference's
    /// float64 arithmetic; the largest relative difference per element seen over every landmark
    /// set and face type is 1.5e-5.
    public static let matrix = 5e-5
}
