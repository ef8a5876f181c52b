import Support
import Tensors

/// A checkpoint could not be saved or loaded; one line naming the file and the fix.
public struct CheckpointError: MasqueError, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    static func missing(_ key: String, in source: String) -> CheckpointError {
        CheckpointError("\(source) lacks '\(key)' (it was saved by a different model; pick the matching model folder)")
    }

    static func shapeMismatch(_ key: String, _ saved: [Int], _ expected: [Int], in source: String) -> CheckpointError {
        CheckpointError("\(source): '\(key)' has shape \(saved) but the model needs \(expected) (the model options differ from the saved ones)")
    }
}
