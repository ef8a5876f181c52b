/// A Python value as it appears in the pickles DeepFaceLab writes.
///
/// Only data is representable: plain Python values, NumPy arrays, dtypes and scalars, the
/// members of DFL's `IntEnum` classes and the attributes of a few plain DFL classes (`pathlib`
/// paths read as their text). Nothing here refers to code.
public indirect enum PickleValue: Hashable, Sendable {
    case none
    case bool(Bool)
    /// A Python `int` that fits in `Int`.
    case int(Int)
    /// A Python `int` outside the range of `Int`.
    case bigInt(PickleBigInteger)
    case float(Double)
    case string(String)
    /// `bytes` (also `bytearray`, which is read as bytes).
    case bytes([UInt8])
    case list([PickleValue])
    case tuple([PickleValue])
    case dict(PickleDictionary)
    case ndarray(NumpyArray)
    case numpyScalar(NumpyScalar)
    case numpyDType(NumpyDType)
    case dflEnum(DFLEnumMember)
    /// An instance of one of DFL's plain classes (`DFLRecord.RecordClass`).
    case record(DFLRecord)
}

extension PickleValue {
    /// The string, if this is a `str`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer value of an `int`, `bool` or integer NumPy scalar, or an enum member's value.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .numpyScalar(let scalar): return scalar.intValue
        case .dflEnum(let member): return member.value
        default: return nil
        }
    }

    /// The numeric value of an `int`, `float`, `bool` or NumPy scalar as a `Double`.
    public var doubleValue: Double? {
        switch self {
        case .float(let value): return value
        case .int(let value): return Double(value)
        case .bool(let value): return value ? 1 : 0
        case .numpyScalar(let scalar): return scalar.doubleValue
        default: return nil
        }
    }

    /// The elements of a list or tuple.
    public var sequenceElements: [PickleValue]? {
        switch self {
        case .list(let elements), .tuple(let elements): return elements
        default: return nil
        }
    }

    /// The dictionary, if this is a `dict`.
    public var dictionaryValue: PickleDictionary? {
        if case .dict(let value) = self { return value }
        return nil
    }

    /// Whether Python could use this value as a dictionary key (lists, dicts, arrays and
    /// bytearrays cannot be hashed).
    public var isPythonHashable: Bool {
        switch self {
        case .list, .dict, .ndarray, .record: return false
        case .tuple(let elements): return elements.allSatisfy(\.isPythonHashable)
        default: return true
        }
    }

    /// This value with Python's key equality applied: `True == 1 == 1.0` name the same key.
    var pythonKeyIdentity: PickleValue {
        switch self {
        case .bool(let value): return .int(value ? 1 : 0)
        case .float(let value):
            if value.rounded() == value, let exact = Int(exactly: value) { return .int(exact) }
            return self
        case .tuple(let elements): return .tuple(elements.map(\.pythonKeyIdentity))
        default: return self
        }
    }
}
