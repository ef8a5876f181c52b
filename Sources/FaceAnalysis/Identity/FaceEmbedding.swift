import Support

/// A face's identity descriptor: dlib's 128-D ResNet embedding (`FaceEmbedder`). Faces of one
/// person lie close together: dlib's face recognition calls two faces the same person when the
/// Euclidean distance of their embeddings is below 0.6 (99.38 % on LFW).
public struct FaceEmbedding: Sendable, Hashable, Codable {
    /// Values in an embedding.
    public static let dimension = 128
    /// dlib's same-person distance threshold.
    public static let samePersonDistance: Float = 0.6

    /// The option that sets the threshold (`--identity-threshold` of extraction's reference
    /// filter and of the identity sort), declared once.
    public static let thresholdOption = OptionDescriptor(
        "identity_threshold", prompt: "Identity threshold",
        help: "Largest dlib embedding distance still counted as the same person",
        kind: .double(range: .leastNonzeroMagnitude...(.greatestFiniteMagnitude)), default: .double(Double(samePersonDistance)))

    /// The 128 values (unnormalized; their norm is typically near 1).
    public let values: [Float]

    /// An embedding of exactly `dimension` values.
    public init(_ values: [Float]) {
        precondition(values.count == Self.dimension, "FaceEmbedding: \(values.count) values, expected \(Self.dimension)")
        self.values = values
    }

    /// Euclidean distance to `other`.
    public func distance(to other: FaceEmbedding) -> Float {
        var sum: Float = 0
        for index in values.indices {
            let difference = values[index] - other.values[index]
            sum += difference * difference
        }
        return sum.squareRoot()
    }

    /// Whether `other` is closer than `threshold` (dlib's 0.6 unless given).
    public func isSamePerson(as other: FaceEmbedding, threshold: Float = samePersonDistance) -> Bool {
        distance(to: other) < threshold
    }
}
