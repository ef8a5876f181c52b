/// A Python `int` too large for `Int`, kept as pickle stores it: little-endian two's
/// complement bytes, in the shortest form (no redundant sign bytes).
public struct PickleBigInteger: Hashable, Sendable, CustomStringConvertible {
    /// Little-endian two's complement bytes, shortest form.
    public let twosComplementBytes: [UInt8]

    /// Wraps two's complement bytes (as LONG1/LONG4 carry them), dropping redundant sign bytes.
    public init(twosComplementBytes bytes: [UInt8]) {
        var trimmed = bytes
        while trimmed.count > 1 {
            let last = trimmed[trimmed.count - 1]
            let previousIsNegative = trimmed[trimmed.count - 2] & 0x80 != 0
            if (last == 0x00 && !previousIsNegative) || (last == 0xFF && previousIsNegative) {
                trimmed.removeLast()
            } else {
                break
            }
        }
        twosComplementBytes = trimmed
    }

    /// The integer written in decimal (an optional sign, then digits), as protocol 0 stores it.
    public init?(decimal text: String) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var magnitude: [UInt8] = [0]
        for character in digits {
            guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
            var carry = digit
            for index in magnitude.indices {
                let product = Int(magnitude[index]) * 10 + carry
                magnitude[index] = UInt8(product & 0xFF)
                carry = product >> 8
            }
            while carry > 0 {
                magnitude.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        magnitude.append(0)
        if negative {
            var carry = 1
            for index in magnitude.indices {
                let sum = Int(~magnitude[index]) + carry
                magnitude[index] = UInt8(truncatingIfNeeded: sum)
                carry = sum >> 8
            }
        }
        self.init(twosComplementBytes: magnitude)
    }

    /// Whether the value is below zero.
    public var isNegative: Bool { (twosComplementBytes.last ?? 0) & 0x80 != 0 }

    /// The value as an `Int`, when it fits.
    public var exactInt: Int? {
        guard twosComplementBytes.count <= 8 else { return nil }
        var value: UInt64 = isNegative ? UInt64.max : 0
        for (index, byte) in twosComplementBytes.enumerated() {
            value &= ~(UInt64(0xFF) << (8 * index))
            value |= UInt64(byte) << (8 * index)
        }
        return Int(bitPattern: UInt(value))
    }

    /// The shortest two's complement bytes of an `Int` (what Python's `encode_long` writes).
    public static func twosComplementBytes(of value: Int) -> [UInt8] {
        if value == 0 { return [] }
        let bits = UInt64(bitPattern: Int64(value))
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
        return PickleBigInteger(twosComplementBytes: bytes).twosComplementBytes
    }

    /// The value in decimal.
    public var description: String {
        var magnitude = twosComplementBytes
        if isNegative {
            var carry = 1
            for index in magnitude.indices {
                let sum = Int(~magnitude[index]) + carry
                magnitude[index] = UInt8(truncatingIfNeeded: sum)
                carry = sum >> 8
            }
        }
        var digits: [UInt8] = []
        var words = magnitude.reversed().map { UInt32($0) }
        while words.contains(where: { $0 != 0 }) {
            var remainder: UInt32 = 0
            for index in words.indices {
                let current = remainder << 8 | words[index]
                words[index] = current / 10
                remainder = current % 10
            }
            digits.append(UInt8(remainder) + 48)
        }
        if digits.isEmpty { digits = [48] }
        return (isNegative ? "-" : "") + String(decoding: digits.reversed(), as: UTF8.self)
    }
}
