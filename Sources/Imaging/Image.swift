import Foundation

/// A raster image: interleaved pixels (HWC), channels in BGR(A) order like DFL and OpenCV.
///
/// `Image` is a value: copies share their pixels until one of them is written to. Pixels
/// are `UInt8` (0…255) or `Float` (0…1 by convention); rows are packed without padding.
public struct Image: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Values per pixel: 1 (gray or mask), 3 (BGR) or 4 (BGRA).
    public let channels: Int
    /// The element type of the pixels.
    public let format: PixelFormat
    private(set) var storage: PixelStorage

    /// A black image (every value zero).
    public init(width: Int, height: Int, channels: Int, format: PixelFormat) {
        Self.checkShape(width: width, height: height, channels: channels)
        self.width = width
        self.height = height
        self.channels = channels
        self.format = format
        storage = PixelStorage(byteCount: width * height * channels * format.bytesPerElement, zeroed: true)
    }

    /// An image whose every channel value is `value`.
    public init<Element: PixelElement>(width: Int, height: Int, channels: Int, repeating value: Element) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [Element](repeating: value, count: width * height * channels))
    }

    /// An image over `pixels`, laid out row by row, pixel by pixel, channel by channel.
    public init<Element: PixelElement>(width: Int, height: Int, channels: Int, pixels: [Element]) {
        Self.checkShape(width: width, height: height, channels: channels)
        precondition(pixels.count == width * height * channels,
                     "Image: \(pixels.count) values for a \(width)x\(height)x\(channels) image")
        self.width = width
        self.height = height
        self.channels = channels
        format = Element.pixelFormat
        storage = PixelStorage(byteCount: pixels.count * MemoryLayout<Element>.stride, zeroed: false)
        pixels.withUnsafeBytes { storage.bytes.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// An image whose pixels are not yet written; for operations that fill every pixel.
    init(uninitializedWidth width: Int, height: Int, channels: Int, format: PixelFormat) {
        Self.checkShape(width: width, height: height, channels: channels)
        self.width = width
        self.height = height
        self.channels = channels
        self.format = format
        storage = PixelStorage(byteCount: width * height * channels * format.bytesPerElement, zeroed: false)
    }

    /// An image over `storage`, which must hold exactly its packed pixels.
    init(width: Int, height: Int, channels: Int, format: PixelFormat, storage: PixelStorage) {
        Self.checkShape(width: width, height: height, channels: channels)
        precondition(storage.byteCount == width * height * channels * format.bytesPerElement)
        self.width = width
        self.height = height
        self.channels = channels
        self.format = format
        self.storage = storage
    }

    private static func checkShape(width: Int, height: Int, channels: Int) {
        precondition(width > 0 && height > 0, "Image: size \(width)x\(height) must be positive")
        precondition((1...4).contains(channels), "Image: \(channels) channels; use 1, 3 or 4")
    }

    /// Number of channel values: width × height × channels.
    public var elementCount: Int { width * height * channels }

    /// Bytes from one row to the next.
    public var rowByteCount: Int { width * channels * format.bytesPerElement }

    /// Copies the pixel values out, row by row; `Element` must match `format`.
    public func pixels<Element: PixelElement>(as type: Element.Type) -> [Element] {
        withUnsafeBufferPointer(as: type) { Array($0) }
    }

    /// Calls `body` with the packed pixel values; `Element` must match `format`.
    public func withUnsafeBufferPointer<Element: PixelElement, Result, Failure: Error>(
        as type: Element.Type, _ body: (UnsafeBufferPointer<Element>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(Element.pixelFormat == format, "Image: \(format) pixels read as \(Element.pixelFormat)")
        defer { withExtendedLifetime(storage) {} }
        let start = storage.bytes.assumingMemoryBound(to: Element.self)
        return try body(UnsafeBufferPointer(start: start, count: elementCount))
    }

    /// Calls `body` with the packed pixel values to change them; `Element` must match `format`.
    public mutating func withUnsafeMutableBufferPointer<Element: PixelElement, Result, Failure: Error>(
        as type: Element.Type, _ body: (UnsafeMutableBufferPointer<Element>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(Element.pixelFormat == format, "Image: \(format) pixels written as \(Element.pixelFormat)")
        makeStorageUnique()
        defer { withExtendedLifetime(storage) {} }
        let start = storage.bytes.assumingMemoryBound(to: Element.self)
        return try body(UnsafeMutableBufferPointer(start: start, count: elementCount))
    }

    /// Calls `body` with the packed pixel bytes.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        defer { withExtendedLifetime(storage) {} }
        return try body(UnsafeRawBufferPointer(start: storage.bytes, count: storage.byteCount))
    }

    /// One channel value as a `Float` (unscaled: 0…255 for `uint8`). Setting a `uint8` value
    /// rounds it to the nearest integer and clamps it to 0…255.
    public subscript(x x: Int, y y: Int, channel channel: Int) -> Float {
        get {
            let index = elementIndex(x: x, y: y, channel: channel)
            switch format {
            case .uint8: return Float(storage.bytes.load(fromByteOffset: index, as: UInt8.self))
            case .float32: return storage.bytes.load(fromByteOffset: index * 4, as: Float.self)
            }
        }
        set {
            let index = elementIndex(x: x, y: y, channel: channel)
            makeStorageUnique()
            switch format {
            case .uint8:
                let value = UInt8(min(max(newValue.rounded(), 0), 255))
                storage.bytes.storeBytes(of: value, toByteOffset: index, as: UInt8.self)
            case .float32:
                storage.bytes.storeBytes(of: newValue, toByteOffset: index * 4, as: Float.self)
            }
        }
    }

    private func elementIndex(x: Int, y: Int, channel: Int) -> Int {
        precondition((0..<width).contains(x) && (0..<height).contains(y) && (0..<channels).contains(channel),
                     "Image: (\(x), \(y), \(channel)) outside \(width)x\(height)x\(channels)")
        return (y * width + x) * channels + channel
    }

    /// Gives this value its own copy of the pixels before a write if another value shares them.
    mutating func makeStorageUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }
}

extension Image: Equatable {
    /// Images are equal when they have the same shape, format and pixel bytes.
    public static func == (lhs: Image, rhs: Image) -> Bool {
        guard lhs.width == rhs.width, lhs.height == rhs.height, lhs.channels == rhs.channels,
              lhs.format == rhs.format else { return false }
        if lhs.storage === rhs.storage { return true }
        return lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0 } }
    }
}
