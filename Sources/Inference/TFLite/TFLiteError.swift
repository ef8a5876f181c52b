import Support

/// Why a TFLite model could not be read or run: one line that names the file.
public struct TFLiteError: MasqueError, Sendable {
    /// The message, e.g. `corrupt TFLite model /models/x.tflite: offset at 12 points past the end`.
    public let message: String

    public init(_ message: String) { self.message = message }

    /// The file is not a well-formed TFLite FlatBuffer.
    public static func corrupt(_ source: String, _ reason: String) -> TFLiteError {
        TFLiteError("corrupt TFLite model \(source): \(reason)")
    }

    /// The model is well formed but uses something Masque's runner does not implement.
    public static func unsupported(_ source: String, _ what: String) -> TFLiteError {
        TFLiteError("unsupported TFLite model \(source): \(what)")
    }
}
