/// An applied XSeg mask as DFL stores it (`xseg_mask`): the bytes of an encoded single-channel
/// image, normally a 256×256 PNG, a JPEG when the PNG would exceed 50,000 bytes.
public struct EncodedXSegMask: Hashable, Sendable {
    /// The container the bytes are in.
    public enum Format: Sendable {
        case png
        case jpeg
    }

    /// The encoded image file.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The format recognised from the file signature, if any.
    public var format: Format? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8]) { return .jpeg }
        return nil
    }
}
