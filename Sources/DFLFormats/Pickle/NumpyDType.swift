/// A NumPy data type of plain numbers (`bool`, signed and unsigned integers, IEEE floats).
///
/// Values in Masque are always little-endian; a big-endian array met in a pickle is converted
/// when read.
public struct NumpyDType: Hashable, Sendable, CustomStringConvertible {
    /// The family of numbers.
    public enum Kind: Character, Hashable, Sendable {
        case bool = "b"
        case signedInteger = "i"
        case unsignedInteger = "u"
        case float = "f"
    }

    public let kind: Kind
    /// Bytes per element.
    public let itemSize: Int

    public static let bool = NumpyDType(kind: .bool, itemSize: 1)
    public static let int8 = NumpyDType(kind: .signedInteger, itemSize: 1)
    public static let int16 = NumpyDType(kind: .signedInteger, itemSize: 2)
    public static let int32 = NumpyDType(kind: .signedInteger, itemSize: 4)
    public static let int64 = NumpyDType(kind: .signedInteger, itemSize: 8)
    public static let uint8 = NumpyDType(kind: .unsignedInteger, itemSize: 1)
    public static let uint16 = NumpyDType(kind: .unsignedInteger, itemSize: 2)
    public static let uint32 = NumpyDType(kind: .unsignedInteger, itemSize: 4)
    public static let uint64 = NumpyDType(kind: .unsignedInteger, itemSize: 8)
    public static let float16 = NumpyDType(kind: .float, itemSize: 2)
    public static let float32 = NumpyDType(kind: .float, itemSize: 4)
    public static let float64 = NumpyDType(kind: .float, itemSize: 8)

    /// Every supported data type.
    public static let all: [NumpyDType] = [
        .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64,
        .float16, .float32, .float64,
    ]

    private init(kind: Kind, itemSize: Int) {
        self.kind = kind
        self.itemSize = itemSize
    }

    /// NumPy's type string without byte order, as `dtype.__reduce__` gives it (`"f4"`, `"b1"`).
    public var typeString: String { "\(kind.rawValue)\(itemSize)" }

    /// The byte-order character NumPy stores in a dtype's state: `|` for one-byte types, else `<`.
    public var byteOrderCharacter: String { itemSize == 1 ? "|" : "<" }

    public var description: String { typeString }

    /// The data type of a NumPy type string such as `"f4"`, `"<i8"`, `"|u1"` or `"?"`, with the
    /// byte order the string names (`nil` when it names none).
    static func parse(_ text: String) -> (dtype: NumpyDType, bigEndian: Bool?)? {
        var characters = Substring(text)
        var bigEndian: Bool?
        if let first = characters.first, "<>|=".contains(first) {
            bigEndian = first == ">" ? true : (first == "<" ? false : nil)
            characters = characters.dropFirst()
        }
        let aliases: [Substring: NumpyDType] = [
            "?": .bool, "b": .int8, "B": .uint8, "h": .int16, "H": .uint16, "e": .float16,
            "f": .float32, "d": .float64,
        ]
        if let alias = aliases[characters] { return (alias, bigEndian) }
        guard let kindCharacter = characters.first, let kind = Kind(rawValue: kindCharacter),
              let size = Int(characters.dropFirst()) else { return nil }
        let dtype = NumpyDType(kind: kind, itemSize: size)
        guard all.contains(dtype) else { return nil }
        return (dtype, bigEndian)
    }
}
