import Support
/// Why a pickle was refused: the file it came from, the byte offset, and the reason, on one line.
public struct PickleError: MasqueError, Sendable {
    /// The name of the file (or other source) given to the reader.
    public let source: String
    /// The offset of the opcode being read when the error was found.
    public let offset: Int
    public let reason: String

    init(source: String, offset: Int, reason: String) {
        self.source = source
        self.offset = offset
        self.reason = PickleError.singleLine(reason)
    }

    public var message: String { "\(PickleError.singleLine(source)): pickle data refused at byte \(offset): \(reason)" }

    /// `text` with control characters escaped and its length capped, so a message stays one line.
    public static func singleLine(_ text: String, limit: Int = 300) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\x" + String(scalar.value, radix: 16)
            } else {
                result.unicodeScalars.append(scalar)
            }
            if result.count >= limit { return result + "…" }
        }
        return result
    }
}
