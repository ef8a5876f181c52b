/// The file formats Imaging reads (all) and writes (JPEG and PNG), recognised by their
/// leading bytes.
public enum EncodedImageFormat: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case jpeg
    case png
    /// Read only: frames some users export as `.tif` (DFL lists them among its image types).
    case tiff

    public var description: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .tiff: "TIFF"
        }
    }

    /// The extension OpenCV's encoder recognises.
    var codecExtension: String {
        switch self {
        case .jpeg: ".jpg"
        case .png: ".png"
        case .tiff: ".tiff"
        }
    }

    private static let jpegStart: [UInt8] = [0xFF, 0xD8, 0xFF]
    private static let jpegEnd: [UInt8] = [0xFF, 0xD9]
    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// A PNG's last chunk: length 0, type "IEND", its CRC.
    private static let pngEnd: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

    /// A TIFF's byte-order mark and magic number, little- and big-endian.
    private static let tiffSignatures: [[UInt8]] = [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]

    /// The format whose signature `bytes` start with, or nil.
    public static func detect<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> EncodedImageFormat? {
        if bytes.starts(with: jpegStart) { return .jpeg }
        if bytes.starts(with: pngSignature) { return .png }
        if tiffSignatures.contains(where: { bytes.starts(with: $0) }) { return .tiff }
        return nil
    }

    /// Whether `bytes` end the way a whole file of this format ends: a JPEG with its EOI
    /// marker (FFD9), a PNG with its IEND chunk; zero bytes after that (padding some writers
    /// add) are allowed. OpenCV decodes truncated JPEGs with a warning and gray fill, so a
    /// cut-off file is caught here. A TIFF has no end marker (its directory may come anywhere);
    /// libtiff itself refuses a truncated one.
    public func hasCompleteEnd<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard self != .tiff else { return true }
        let end: [UInt8] = self == .jpeg ? Self.jpegEnd : Self.pngEnd
        var unpadded = bytes[...]
        while unpadded.last == 0 { unpadded.removeLast() }
        return unpadded.count >= end.count + (self == .jpeg ? Self.jpegStart.count : Self.pngSignature.count)
            && unpadded.reversed().starts(with: end.reversed())
    }
}
