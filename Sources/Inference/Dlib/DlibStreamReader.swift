import Foundation

/// Reads dlib's serialization format (`dlib/serialize.h`) from the bytes of a file.
///
/// - Integers: a control byte (bit 7: negative; low 4 bits: byte count n ≤ 8), then the
///   magnitude in n little-endian bytes.
/// - Floats: dlib's portable `float_details`: the mantissa (int64) then the exponent (int16), both
///   as integers; the value is mantissa·2^exponent, exponents 32000/32001/32002 mean +inf/−inf/NaN.
/// - Bools: the byte `'1'` or `'0'`. Strings and vectors: a length, then the elements.
/// - `matrix`: rows and columns (negated in the current format), then the elements row by row.
/// - DNN tensors: version 2, four dimensions, then raw little-endian IEEE floats.
///
/// Every read is bounds-checked and throws `DlibFormatError` naming the file; lengths are checked
/// against the bytes left before anything is allocated, so a damaged file neither crashes nor hangs.
/// Descriptions of what is being read are built only when a read fails.
public struct DlibStreamReader {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private(set) var offset: Int = 0
    public let file: URL

    /// A reader of `bytes`, which must stay valid while it is used.
    public init(_ bytes: UnsafeRawBufferPointer, file: URL) {
        count = bytes.count
        base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        self.file = file
    }

    /// Bytes not read yet.
    public var remaining: Int { count - offset }

    /// An error at the current offset.
    public func failure(_ reason: String) -> DlibFormatError {
        DlibFormatError(file: file, reason: "\(reason) at byte \(offset) of \(count)")
    }

    private func truncated(_ what: String) -> DlibFormatError {
        failure("the file ends in the middle of \(what)")
    }

    /// Why an integer at `offset` cannot be read, or nil when the fault is elsewhere.
    private func integerFailure(maximumBytes: Int, _ what: String) -> DlibFormatError {
        guard offset < count else { return truncated(what) }
        let size = Int(base[offset] & 0x0F)
        if size > maximumBytes { return failure("an integer of \(size) bytes where \(what) takes at most \(maximumBytes)") }
        return truncated(what)
    }

    /// Decodes one integer at `position` of `base[0..<count]` and moves past it; nil when it is
    /// longer than `maximumBytes` or runs past the end.
    @inline(__always)
    private static func decodeInteger(_ base: UnsafePointer<UInt8>, _ count: Int, at position: inout Int,
                                      maximumBytes: Int) -> (negative: Bool, magnitude: UInt64)? {
        guard position < count else { return nil }
        let control = base[position]
        let size = Int(control & 0x0F)
        guard size <= maximumBytes, position + 1 + size <= count else { return nil }
        var magnitude: UInt64 = 0
        var index = position + size
        while index > position {
            magnitude = magnitude << 8 | UInt64(base[index])
            index -= 1
        }
        position += 1 + size
        return (control & 0x80 != 0, magnitude)
    }

    private func decodeInteger(at position: inout Int, maximumBytes: Int) -> (negative: Bool, magnitude: UInt64)? {
        Self.decodeInteger(base, count, at: &position, maximumBytes: maximumBytes)
    }

    /// Decodes one portable float at `position` of `base[0..<count]` and moves past it; nil when
    /// malformed. Like dlib, the mantissa is rounded to a float first, then scaled by 2^exponent.
    /// The two integers are decoded inline: this runs 16 million times for the 68-point model.
    private static func decodeFloat(_ base: UnsafePointer<UInt8>, _ count: Int, at position: inout Int) -> Float? {
        var start = position
        guard start < count, base[start] & 0x70 == 0 else { return nil }
        var size = Int(base[start] & 0x0F)
        guard size <= 8, start + 2 + size <= count else { return nil }
        var mantissa: UInt64 = 0
        var index = start + size
        while index > start {
            mantissa = mantissa << 8 | UInt64(base[index])
            index -= 1
        }
        let negative = base[start] & 0x80 != 0
        start += 1 + size
        size = Int(base[start] & 0x0F)
        guard size <= 2, start + 1 + size <= count else { return nil }
        var power = 0
        index = start + size
        while index > start {
            power = power << 8 | Int(base[index])
            index -= 1
        }
        if base[start] & 0x80 != 0 { power = -power }
        position = start + 1 + size
        if power >= -126 && power <= 127 {
            return (negative ? -Float(mantissa) : Float(mantissa)) * Float(bitPattern: UInt32(power + 127) << 23)
        }
        switch power {
        case 32000: return .infinity
        case 32001: return -.infinity
        case 32002: return .nan
        default: return Float(sign: negative ? .minus : .plus, exponent: power, significand: Float(mantissa))
        }
    }

    private func decodeFloat(at position: inout Int) -> Float? {
        Self.decodeFloat(base, count, at: &position)
    }

    /// The reason a float at `offset` cannot be read.
    private func floatFailure(_ what: String) -> DlibFormatError {
        if offset < count, base[offset] & 0x70 != 0 {
            return failure("\(what) is in dlib's old text float format, which Masque does not read")
        }
        var position = offset
        guard decodeInteger(at: &position, maximumBytes: 8) != nil else { return integerFailure(maximumBytes: 8, what) }
        var reader = self
        reader.offset = position
        return reader.integerFailure(maximumBytes: 2, what)
    }

    /// A signed integer of at most `maximumBytes` bytes (4 for C++ `int`, 8 for `long`).
    public mutating func readSigned(maximumBytes: Int = 8, _ what: @autoclosure () -> String) throws(DlibFormatError) -> Int64 {
        guard let (negative, magnitude) = decodeInteger(at: &offset, maximumBytes: maximumBytes) else {
            throw integerFailure(maximumBytes: maximumBytes, what())
        }
        guard magnitude <= UInt64(Int64.max) else { throw failure("\(what()) is out of range") }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// An unsigned integer (C++ `unsigned long`).
    public mutating func readUnsigned(_ what: @autoclosure () -> String) throws(DlibFormatError) -> UInt64 {
        guard let (negative, magnitude) = decodeInteger(at: &offset, maximumBytes: 8) else {
            throw integerFailure(maximumBytes: 8, what())
        }
        guard !negative else { throw failure("\(what()) is negative") }
        return magnitude
    }

    /// A C++ `int`, e.g. a version number.
    public mutating func readInt32(_ what: @autoclosure () -> String) throws(DlibFormatError) -> Int {
        Int(try readSigned(maximumBytes: 4, what()))
    }

    /// A count of elements that each take at least `minimumElementBytes` bytes; it must fit in
    /// the bytes left.
    public mutating func readCount(_ what: @autoclosure () -> String, minimumElementBytes: Int = 1) throws(DlibFormatError) -> Int {
        let elements = try readUnsigned("the length of \(what())")
        guard elements <= UInt64(remaining / max(minimumElementBytes, 1)) else {
            throw failure("\(what()) claims \(elements) elements, more than the file holds")
        }
        return Int(elements)
    }

    /// One float in dlib's portable encoding.
    public mutating func readFloat(_ what: @autoclosure () -> String) throws(DlibFormatError) -> Float {
        guard let value = decodeFloat(at: &offset) else { throw floatFailure(what()) }
        return value
    }

    /// A bool: the byte '1' or '0'.
    public mutating func readBool(_ what: @autoclosure () -> String) throws(DlibFormatError) -> Bool {
        guard offset < count else { throw truncated(what()) }
        let byte = base[offset]
        guard byte == UInt8(ascii: "1") || byte == UInt8(ascii: "0") else {
            throw failure("\(what()) is not a bool (byte \(byte))")
        }
        offset += 1
        return byte == UInt8(ascii: "1")
    }

    /// A length-prefixed string.
    public mutating func readString(_ what: @autoclosure () -> String) throws(DlibFormatError) -> String {
        let length = try readCount(what())
        let text = String(decoding: UnsafeBufferPointer(start: base + offset, count: length), as: UTF8.self)
        offset += length
        return text
    }

    /// The rows and columns of a `matrix` (either sign convention).
    private mutating func readMatrixSize(_ what: @autoclosure () -> String) throws(DlibFormatError) -> (rows: Int, columns: Int) {
        var rows = try readSigned("the rows of \(what())")
        var columns = try readSigned("the columns of \(what())")
        if rows < 0 || columns < 0 {
            rows = -rows
            columns = -columns
        }
        let (elements, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, elements <= Int64(remaining / 2) else {
            throw failure("\(what()) claims \(rows)×\(columns) elements, more than the file holds")
        }
        return (Int(rows), Int(columns))
    }

    /// A `matrix<float>`: its rows, columns and elements in row order.
    public mutating func readFloatMatrix(_ what: @autoclosure () -> String) throws(DlibFormatError) -> (rows: Int, columns: Int, values: [Float]) {
        let (rows, columns) = try readMatrixSize(what())
        var values: [Float] = []
        values.reserveCapacity(rows * columns)
        for _ in 0..<rows * columns {
            guard let value = decodeFloat(at: &offset) else { throw floatFailure(what()) }
            values.append(value)
        }
        return (rows, columns, values)
    }

    /// A column `matrix<float>` of x, y pairs, which must hold `pairs` points, appended to `points`.
    public mutating func readPointColumn(pairs: Int, appendingTo points: inout [SIMD2<Float>],
                                  _ what: @autoclosure () -> String) throws(DlibFormatError) {
        let (rows, columns) = try readMatrixSize(what())
        guard rows == 2 * pairs, columns == 1 else {
            throw failure("\(what()) holds \(rows)×\(columns) values, expected a column of \(2 * pairs)")
        }
        let (base, count) = (self.base, self.count)
        for _ in 0..<pairs {
            guard let x = Self.decodeFloat(base, count, at: &offset) else { throw floatFailure(what()) }
            guard let y = Self.decodeFloat(base, count, at: &offset) else { throw floatFailure(what()) }
            points.append(SIMD2(x, y))
        }
    }

    /// Four non-negative tensor dimensions whose product fits in an `Int32`.
    private mutating func readDimensions(_ what: @autoclosure () -> String) throws(DlibFormatError) -> [Int] {
        var dimensions: [Int] = []
        for name in ["samples", "channels", "rows", "columns"] {
            let value = try readSigned("the \(name) of \(what())")
            guard value >= 0, value <= Int64(Int32.max) else { throw failure("\(what()) has \(value) \(name)") }
            dimensions.append(Int(value))
        }
        var elements = 1
        for dimension in dimensions {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Int(Int32.max) else { throw failure("\(what()) claims \(dimensions) elements") }
            elements = product
        }
        return dimensions
    }

    /// A DNN `resizable_tensor`: version 2, its four dimensions (samples, channels, rows,
    /// columns) and raw little-endian floats (copied as they are: Masque runs on little-endian
    /// machines only).
    public mutating func readTensor(_ what: @autoclosure () -> String) throws(DlibFormatError) -> DlibTensor {
        let version = try readInt32("the version of \(what())")
        guard version == 2 else { throw failure("\(what()) has tensor version \(version), expected 2") }
        let dimensions = try readDimensions(what())
        let elements = dimensions.reduce(1, *)
        guard elements <= remaining / 4 else { throw truncated(what()) }
        var values = [Float](repeating: 0, count: elements)
        values.withUnsafeMutableBytes { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: base + offset, count: elements * 4))
        }
        offset += elements * 4
        return DlibTensor(shape: dimensions, values: values)
    }

    /// A DNN `alias_tensor` (a shape only): version 1 and four dimensions.
    public mutating func readAliasTensor(_ what: @autoclosure () -> String) throws(DlibFormatError) -> [Int] {
        let version = try readInt32("the version of \(what())")
        guard version == 1 else { throw failure("\(what()) has alias version \(version), expected 1") }
        return try readDimensions(what())
    }
}

extension DlibStreamReader {
    /// Opens `url` (memory-mapped) and runs `body` over a reader of its bytes; a file that cannot
    /// be opened throws a `DlibFormatError` naming it.
    public static func read<Result>(_ url: URL, _ body: (inout DlibStreamReader) throws(DlibFormatError) -> Result) throws(DlibFormatError) -> Result {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw DlibFormatError("cannot read dlib model \(url.path): \(error.localizedDescription) (run: masque models fetch)")
        }
        do {
            return try data.withUnsafeBytes { raw in
                var reader = DlibStreamReader(raw, file: url)
                return try body(&reader)
            }
        } catch let error as DlibFormatError {
            throw error
        } catch {
            throw DlibFormatError(file: url, reason: "\(error)")
        }
    }
}
