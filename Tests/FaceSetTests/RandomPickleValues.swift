@testable import DFLFormats
@testable import FaceSet

/// Random values of every kind DFL pickles, for property tests.
struct RandomPickleValues {
    var random: SeededRandom
    /// Whether DFL enum members may appear (plain `pickle.loads` cannot import their classes).
    var includesDFLEnums: Bool

    mutating func value(depth: Int = 0) -> PickleValue {
        let containers = depth < 4
        switch Int.random(in: 0..<(containers ? 16 : 11), using: &random) {
        case 0: return .none
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(integer())
        case 3: return bigInteger()
        case 4: return .float(float())
        case 5: return .string(string())
        case 6: return .bytes(bytes())
        case 7: return .ndarray(array())
        case 8: return .numpyScalar(scalar())
        case 9: return .numpyDType(NumpyDType.all.randomElement(using: &random) ?? .float32)
        case 10:
            return includesDFLEnums ? .dflEnum(enumMember()) : .string("no enum")
        case 11, 12: return .list(elements(depth: depth))
        case 13: return .tuple(elements(depth: depth))
        default:
            var dictionary = PickleDictionary()
            for _ in 0..<Int.random(in: 0...6, using: &random) { dictionary[key()] = value(depth: depth + 1) }
            return .dict(dictionary)
        }
    }

    /// Container elements: usually a few values, sometimes over 1000 integers (Python's batch size).
    mutating func elements(depth: Int) -> [PickleValue] {
        if depth == 0, Int.random(in: 0..<8, using: &random) == 0 {
            return (0..<Int.random(in: 999...2100, using: &random)).map { _ in .int(integer()) }
        }
        return (0..<Int.random(in: 0...5, using: &random)).map { _ in value(depth: depth + 1) }
    }

    mutating func key() -> PickleValue {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return .int(integer())
        case 1: return .float(float())
        case 2: return .tuple([.string(string()), .int(integer())])
        case 3: return .bytes(bytes(maximum: 8))
        default: return .string(string())
        }
    }

    mutating func integer() -> Int {
        let edges = [0, 1, -1, 255, 256, 65535, 65536, Int(Int32.max), Int(Int32.min), Int(Int32.max) + 1,
                     Int(Int32.min) - 1, Int.max, Int.min]
        return Bool.random(using: &random) ? edges.randomElement(using: &random) ?? 0
            : Int.random(in: Int.min...Int.max, using: &random) >> Int.random(in: 0...63, using: &random)
    }

    mutating func bigInteger() -> PickleValue {
        let bytes = (0..<Int.random(in: 9...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let number = PickleBigInteger(twosComplementBytes: bytes)
        return number.exactInt.map { .int($0) } ?? .bigInt(number)
    }

    mutating func float() -> Double {
        let specials: [Double] = [0, -0.0, 1.5, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        if Bool.random(using: &random) { return specials.randomElement(using: &random) ?? 0 }
        while true {
            let number = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &random))
            if !number.isNaN { return number }
        }
    }

    mutating func string() -> String {
        let length = Int.random(in: 0...(Bool.random(using: &random) ? 8 : 300), using: &random)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x0...0x1F, 0xA0...0x2FF, 0x4E00...0x4FFF, 0x1F600...0x1F64F]
            let range = ranges.randomElement(using: &random) ?? 0x20...0x7E
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &random)) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    mutating func bytes(maximum: Int = 300) -> [UInt8] {
        let length = Int.random(in: 0..<20, using: &random) == 0 && maximum > 8 ? 70_000 : Int.random(in: 0...maximum, using: &random)
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    mutating func array(dtype requested: NumpyDType? = nil) -> NumpyArray {
        let dtype = requested ?? NumpyDType.all.randomElement(using: &random) ?? .float32
        let shape = (0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: 0...4, using: &random) }
        let count = shape.reduce(1, *)
        let data: [UInt8] = dtype == .bool
            ? (0..<count).map { _ in UInt8.random(in: 0...1, using: &random) }
            : (0..<(count * dtype.itemSize)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let fortran = shape.count > 1 && Bool.random(using: &random)
        return NumpyArray(consistentDType: dtype, shape: shape, isFortranOrder: fortran, data: data)
    }

    mutating func scalar() -> NumpyScalar {
        let dtype = NumpyDType.all.randomElement(using: &random) ?? .float64
        let data = dtype == .bool ? [UInt8.random(in: 0...1, using: &random)]
            : (0..<dtype.itemSize).map { _ in UInt8.random(in: 0...255, using: &random) }
        return (try? NumpyScalar(dtype: dtype, data: data)) ?? NumpyScalar(float64: 0)
    }

    mutating func enumMember() -> DFLEnumMember {
        let enumClass = DFLEnumMember.EnumClass.allCases.randomElement(using: &random) ?? .faceType
        let value = enumClass.validValues.sorted().randomElement(using: &random) ?? 0
        return DFLEnumMember(enumClass, value: value) ?? .sampleTypeFace
    }
}
