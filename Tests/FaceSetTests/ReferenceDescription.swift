import DFLFormats
import FaceSet

/// The canonical text of a value that `make_faceset_fixtures.py`'s `describe` also prints, so
/// Swift and Python values can be compared exactly (floats by bit pattern, text as UTF-8 hex).
func referenceDescription(_ value: PickleValue) -> String {
    switch value {
    case .none: return "N"
    case .bool(let flag): return flag ? "T" : "F"
    case .int(let number): return "i\(number)"
    case .bigInt(let number): return "i\(number)"
    case .float(let number): return "f" + hexadecimal(bigEndian: number.bitPattern)
    case .string(let text): return "s" + hexadecimal(Array(text.utf8))
    case .bytes(let data): return "b" + hexadecimal(data)
    case .list(let elements): return "[" + elements.map(referenceDescription).joined(separator: ",") + "]"
    case .tuple(let elements): return "(" + elements.map(referenceDescription).joined(separator: ",") + ")"
    case .dict(let dictionary):
        return "{" + dictionary.entries.map { referenceDescription($0.key) + ":" + referenceDescription($0.value) }
            .joined(separator: ",") + "}"
    case .ndarray(let array):
        let fortran = array.isFortranOrder && array.count > 0 && array.shape.filter { $0 > 1 }.count >= 2
        let shape = array.shape.map(String.init).joined(separator: "x")
        return "a\(array.dtype.typeString):\(shape):\(fortran ? "F" : "C"):\(hexadecimal(array.data))"
    case .numpyScalar(let scalar): return "c\(scalar.dtype.typeString):\(hexadecimal(scalar.data))"
    case .numpyDType(let dtype): return "d\(dtype.typeString)"
    case .dflEnum(let member): return "e\(member.enumClass.module).\(member.enumClass.className):\(member.value)"
    case .record(let record):
        let (module, name) = record.recordClass.moduleAndName
        return "o\(module).\(name):" + referenceDescription(.dict(record.fields))
    }
}

func hexadecimal(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        result.append(digits[Int(byte >> 4)])
        result.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: result, as: UTF8.self)
}

func hexadecimal(bigEndian value: UInt64) -> String {
    hexadecimal((0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * (7 - $0))) })
}

/// Where two descriptions first differ, with a little context ("" when they are equal).
func descriptionDifference(_ masque: String, _ reference: String) -> String {
    guard masque != reference else { return "" }
    let left = Array(masque), right = Array(reference)
    let index = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(left.count, right.count)
    func excerpt(_ text: [Character]) -> String {
        String(text[max(0, index - 60)..<min(text.count, index + 60)])
    }
    return "differ at \(index) of \(left.count)/\(right.count): Masque …\(excerpt(left))… reference …\(excerpt(right))…"
}
