/// A file format with its settings, for `Image.encoded(as:)` and `Image.write(to:as:)`.
public enum ImageEncoding: Sendable, Hashable {
    /// Baseline JPEG; `quality` 0…100 (OpenCV's default 95; DFL writes aligned faces at 90).
    case jpeg(quality: Int = 95)
    /// Lossless PNG; `compressionLevel` 0 (none, fastest) … 9 (smallest); OpenCV's default is 1,
    /// which is written as OpenCV writes its default (SUB filter on every row, zlib's RLE).
    case png(compressionLevel: Int = 1)

    /// The file format.
    public var format: EncodedImageFormat {
        switch self {
        case .jpeg: .jpeg
        case .png: .png
        }
    }

    /// OpenCV's `IMWRITE_*` key, value pairs.
    var cvParameters: [Int32] {
        switch self {
        case .jpeg(let quality):
            precondition((0...100).contains(quality), "ImageEncoding: JPEG quality \(quality) outside 0…100")
            return [1, Int32(quality)]
        case .png(let level):
            precondition((0...9).contains(level), "ImageEncoding: PNG compression level \(level) outside 0…9")
            // Level 1 without the key: OpenCV then also filters every row with SUB instead of
            // trying all five filters, which makes large frames about twice as fast to write.
            return level == 1 ? [] : [16, Int32(level)]
        }
    }
}
