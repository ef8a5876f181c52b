import CVision
import Foundation

extension Image {
    /// Reads a JPEG or PNG file (like DFL's `cv2_imread`). Throws an `ImagingError` naming
    /// the file when it is missing, unreadable, not JPEG/PNG, or truncated/corrupt.
    public init(contentsOf url: URL, mode: DecodeMode = .unchanged) throws(ImagingError) {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        if isDirectory.boolValue {
            throw .unreadableFile(path: path, reason: "it is a folder")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: path, reason: ImagingError.reason(from: error))
        }
        try self.init(encoded: data, mode: mode, source: path)
    }

    /// Decodes a JPEG, PNG or TIFF held in memory; `source` names the data in error messages
    /// (a file path or URL).
    public init(encoded data: Data, mode: DecodeMode = .unchanged, source: String = "image data")
        throws(ImagingError) {
        guard !data.isEmpty else { throw .empty(source: source) }
        guard let format = EncodedImageFormat.detect(data) else { throw .unsupportedFormat(source: source) }
        guard format.hasCompleteEnd(data) else { throw .corrupt(format: format, source: source) }
        var decoded = cv_image()
        let status = data.withUnsafeBytes { cv_decode($0.baseAddress, $0.count, mode.cvFlags, &decoded) }
        guard status == 0, let pixels = decoded.data else { throw .corrupt(format: format, source: source) }
        let width = Int(decoded.width), height = Int(decoded.height), channels = Int(decoded.channels)
        let storage = PixelStorage(adopting: pixels, byteCount: decoded.stride * height)
        switch decoded.depth {
        case CVISION_DEPTH_U8:
            self.init(width: width, height: height, channels: channels, format: .uint8, storage: storage)
        case CVISION_DEPTH_U16:
            self = Self.normalizing16Bit(decoded, storage: storage)
        default:
            throw .unsupportedFormat(source: source)
        }
    }

    /// A `float32` image (0…1) from 16-bit pixels in `storage`, which `source` describes.
    private static func normalizing16Bit(_ source: cv_image, storage: PixelStorage) -> Image {
        var image = Image(uninitializedWidth: Int(source.width), height: Int(source.height),
                          channels: Int(source.channels), format: .float32)
        var input = source
        let status = withExtendedLifetime(storage) {
            image.withMutableCVImage { cv_convert_depth(&input, $0, 1.0 / 65535.0, 0) }
        }
        checkCVision(status, "init(encoded:)")
        return image
    }
}
