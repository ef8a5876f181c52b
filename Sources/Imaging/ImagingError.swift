import Foundation
import Support

/// Why an image could not be read or written. `description` is one line that names the file
/// (or the data's source) and the fix.
public enum ImagingError: MasqueError, Sendable, Hashable {
    /// No file exists at `path`.
    case fileNotFound(path: String)
    /// The file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// The file or data holds no bytes.
    case empty(source: String)
    /// The data is neither JPEG nor PNG.
    case unsupportedFormat(source: String)
    /// The data starts like `format` but is cut short or damaged.
    case corrupt(format: EncodedImageFormat, source: String)
    /// The image cannot be encoded as `format`.
    case encodingFailed(format: EncodedImageFormat, reason: String)
    /// The encoded image could not be written to `path`.
    case unwritableFile(path: String, reason: String)

    public var message: String {
        switch self {
        case .fileNotFound(let path):
            "image file not found: \(path) (check the path)"
        case .unreadableFile(let path, let reason):
            "cannot read image file: \(path): \(reason) (check its permissions)"
        case .empty(let source):
            "empty image file: \(source) (re-extract or delete it)"
        case .unsupportedFormat(let source):
            "unsupported image format (not JPEG, PNG or TIFF): \(source) (convert it to PNG or JPEG)"
        case .corrupt(let format, let source):
            "corrupt or truncated \(format): \(source) (re-extract or delete it)"
        case .encodingFailed(let format, let reason):
            "cannot encode image as \(format): \(reason)"
        case .unwritableFile(let path, let reason):
            "cannot write image file: \(path): \(reason) (check that its folder exists and is writable)"
        }
    }

    /// A Foundation error's message on one line, for `reason`.
    static func reason(from error: any Error) -> String {
        (error as NSError).localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
