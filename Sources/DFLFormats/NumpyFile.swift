import Foundation
import Support

/// NumPy's own `.npy` file (format 1.0/2.0: magic, header dict, raw data), the format of the
/// arrays `masque model predict` reads and writes (not DFL's weight files, which are pickles).
/// Little-endian arrays of plain numbers only; object arrays are refused.
public enum NumpyFile {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads `url`; throws one line naming the file when it is not a plain `.npy` array.
    public static func read(_ url: URL) throws -> NumpyArray {
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: url)) } catch {
            throw FileError.unreadable(path: url.path, reason: FileError.reason(error))
        }
        func refuse(_ why: String) -> NumpyFileError { NumpyFileError("\(url.path) is not a NumPy .npy array: \(why)") }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw refuse("it does not start with \\x93NUMPY") }
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        guard (1...3).contains(major), bytes.count >= headerStart else { throw refuse("unknown format version \(major)") }
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard headerStart + headerLength <= bytes.count,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else {
            throw refuse("its header is cut short")
        }
        guard let descr = field("descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")),
              let (dtype, bigEndian) = NumpyDType.parse(descr), bigEndian != true else {
            throw refuse("its data type is not a little-endian number type (header \(header.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        let fortran = field("fortran_order", in: header) == "True"
        guard let shapeText = field("shape", in: header) else { throw refuse("its header has no shape") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()")).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { Int($0) }
        do {
            return try NumpyArray(dtype: dtype, shape: shape, isFortranOrder: fortran,
                                  data: Array(bytes[(headerStart + headerLength)...]))
        } catch {
            throw refuse(error.message)
        }
    }

    /// Writes `array` as a format 1.0 `.npy` file through the atomic writer.
    public static func write(_ array: NumpyArray, to url: URL) throws {
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(array.dtype.byteOrderCharacter)\(array.dtype.typeString)', 'fortran_order': \(array.isFortranOrder ? "True" : "False"), 'shape': \(shape), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        let bytes = magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + array.data
        try AtomicFile.write(Data(bytes), to: url)
    }

    /// The text of `key`'s value in a header dict (up to the next top-level comma).
    static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") ?? header.range(of: "\"\(key)\":") else { return nil }
        var depth = 0, value = ""
        for character in header[range.upperBound...] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0, character == "," || character == "}" { break }
            value.append(character)
            if depth == 0, character == ")" { break }
        }
        return value.trimmingCharacters(in: .whitespaces)
    }
}

/// A `.npy` file that cannot be read.
public struct NumpyFileError: MasqueError {
    public let message: String
    public init(_ message: String) { self.message = message }
}
