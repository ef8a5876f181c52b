import Foundation

/// An array read from a NumPy `.npy` file (format versions 1–3, C order, little-endian), for
/// comparing with reference fixtures written by `numpy.save`.
public struct NumpyArray: Sendable {
    /// The element type, as NumPy's `descr` names it.
    public enum ElementType: String, Sendable {
        case uint8 = "|u1"
        case uint16 = "<u2"
        case int32 = "<i4"
        case int64 = "<i8"
        case float32 = "<f4"
        case float64 = "<f8"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .uint8: 1
            case .uint16: 2
            case .int32, .float32: 4
            case .int64, .float64: 8
            }
        }
    }

    public enum ReadError: Error, CustomStringConvertible {
        case malformed(path: String, reason: String)

        public var description: String {
            switch self {
            case .malformed(let path, let reason): "not a readable .npy file: \(path) (\(reason))"
            }
        }
    }

    public let shape: [Int]
    public let elementType: ElementType
    /// The elements' bytes in C order.
    public let data: Data

    /// Number of elements: the product of `shape`.
    public var count: Int { shape.reduce(1, *) }

    /// Reads the `.npy` file at `url`.
    public init(contentsOf url: URL) throws {
        let file = try Data(contentsOf: url)
        let bytes = [UInt8](file)
        func fail(_ reason: String) -> ReadError { .malformed(path: url.path, reason: reason) }
        guard bytes.count >= 10, bytes.starts(with: [0x93] + Array("NUMPY".utf8)) else { throw fail("no NUMPY magic") }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("short header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail("format version \(major)")
        }
        guard bytes.count >= headerStart + headerLength else { throw fail("short header") }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        guard let descr = Self.value(of: "descr", in: header, from: "'", to: "'"),
              let type = ElementType(rawValue: descr == "<u1" ? "|u1" : descr) else {
            throw fail("unsupported dtype in \(header)")
        }
        guard Self.value(of: "fortran_order", in: header, from: " ", to: ",") == "False" else {
            throw fail("Fortran order")
        }
        guard let shapeText = Self.value(of: "shape", in: header, from: "(", to: ")") else { throw fail("no shape") }
        let dimensions = shapeText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let shape = dimensions.compactMap { Int($0) }
        guard shape.count == dimensions.count else { throw fail("bad shape (\(shapeText))") }
        let start = headerStart + headerLength
        let byteCount = shape.reduce(1, *) * type.size
        guard bytes.count - start == byteCount else { throw fail("\(bytes.count - start) data bytes, expected \(byteCount)") }
        self.shape = shape
        elementType = type
        data = file.subdata(in: start..<bytes.count)
    }

    /// Reads `Tests/Reference/<relativePath>`.
    public init(reference relativePath: String) throws {
        try self.init(contentsOf: ReferenceFixtures.url(relativePath))
    }

    /// The elements as `T`, whose size must match `elementType`'s (e.g. `Float` for `<f4`).
    public func values<T: BitwiseCopyable>(as type: T.Type) -> [T] {
        precondition(MemoryLayout<T>.size == elementType.size, "NumpyArray: \(elementType) read as \(T.self)")
        return data.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * elementType.size, as: T.self) }
        }
    }

    /// The elements converted to `Double`, whatever their type.
    public func doubles() -> [Double] {
        switch elementType {
        case .uint8: values(as: UInt8.self).map(Double.init)
        case .uint16: values(as: UInt16.self).map(Double.init)
        case .int32: values(as: Int32.self).map(Double.init)
        case .int64: values(as: Int64.self).map(Double.init)
        case .float32: values(as: Float.self).map(Double.init)
        case .float64: values(as: Double.self)
        }
    }

    /// The text between `opening` and `closing` after `'key':` in a header dictionary.
    private static func value(of key: String, in header: String, from opening: Character, to closing: Character)
        -> String? {
        guard let keyRange = header.range(of: "'\(key)':") else { return nil }
        let rest = header[keyRange.upperBound...]
        guard let open = rest.firstIndex(of: opening) else { return nil }
        let afterOpen = rest.index(after: open)
        guard let close = rest[afterOpen...].firstIndex(of: closing) else { return nil }
        return String(rest[afterOpen..<close])
    }
}
