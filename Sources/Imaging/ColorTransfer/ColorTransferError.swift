import Support

/// Why a colour transfer or histogram match could not run. `description` is one line naming the
/// operation, what was wrong and the fix.
public enum ColorTransferError: MasqueError, Sendable, Hashable {
    /// An image (`role`: "image" or "reference") is not float32 with the channels the operation needs.
    case unsupportedImage(operation: String, role: String, channels: Int, format: PixelFormat, expectedChannels: String)
    /// A mask is not one float32 channel.
    case unsupportedMask(operation: String, role: String, channels: Int, format: PixelFormat)
    /// Two images (or an image and its mask) that must have the same size do not.
    case sizeMismatch(operation: String, role: String, width: Int, height: Int, expectedWidth: Int, expectedHeight: Int)
    /// A histogram-match threshold outside 0…255.
    case thresholdOutOfRange(Int)

    public var message: String {
        switch self {
        case .unsupportedImage(let operation, let role, let channels, let format, let expectedChannels):
            "\(operation): the \(role) has \(channels) \(format) channels; it needs \(expectedChannels) float32 channels (BGR, 0…1; convert it first)"
        case .unsupportedMask(let operation, let role, let channels, let format):
            "\(operation): the \(role) has \(channels) \(format) channels; it needs one float32 channel (0…1)"
        case .sizeMismatch(let operation, let role, let width, let height, let expectedWidth, let expectedHeight):
            "\(operation): the \(role) is \(width)x\(height) but must be \(expectedWidth)x\(expectedHeight) (resize it to match)"
        case .thresholdOutOfRange(let threshold):
            "histogram match: threshold \(threshold) is outside 0…255 (DFL's hist_match_threshold range)"
        }
    }
}
