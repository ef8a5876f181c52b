import Support
/// A NumPy `ndarray` of plain numbers: data type, shape, memory order and raw little-endian bytes.
public struct NumpyArray: Hashable, Sendable {
    public let dtype: NumpyDType
    public let shape: [Int]
    /// Whether `data` is in Fortran (column-major) order, as NumPy's pickle state says.
    public let isFortranOrder: Bool
    /// The elements' bytes, little-endian, in the order `isFortranOrder` names.
    public let data: [UInt8]

    /// An array over `data`; fails when the byte count does not match the shape.
    public init(dtype: NumpyDType, shape: [Int], isFortranOrder: Bool = false, data: [UInt8]) throws(NumpyArrayError) {
        guard let count = NumpyArray.elementCount(of: shape) else { throw NumpyArrayError(message: "invalid shape \(shape)") }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow, bytes == data.count else {
            throw NumpyArrayError(message: "shape \(shape) of \(dtype) needs \(overflow ? "too many" : String(bytes)) bytes, got \(data.count)")
        }
        self.dtype = dtype
        self.shape = shape
        self.isFortranOrder = isFortranOrder
        self.data = data
    }

    /// An array whose caller guarantees that `data` matches `shape` and `dtype`.
    public init(consistentDType dtype: NumpyDType, shape: [Int], isFortranOrder: Bool = false, data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.isFortranOrder = isFortranOrder
        self.data = data
    }

    /// The number of elements of `shape`, or nil when a dimension is negative or the product overflows.
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The number of elements.
    public var count: Int { data.count / max(dtype.itemSize, 1) }

    /// A C-ordered array of `float32` values.
    public init(float32 values: [Float], shape: [Int]) throws(NumpyArrayError) {
        try self.init(dtype: .float32, shape: shape, data: values.flatMap { NumpyElements.bytes(of: $0.bitPattern) })
    }

    /// A C-ordered array of `float64` values.
    public init(float64 values: [Double], shape: [Int]) throws(NumpyArrayError) {
        try self.init(dtype: .float64, shape: shape, data: values.flatMap { NumpyElements.bytes(of: $0.bitPattern) })
    }

    /// A C-ordered array of integers stored as `dtype` (which must be an integer type).
    public init(integers values: [Int], dtype: NumpyDType, shape: [Int]) throws(NumpyArrayError) {
        guard dtype.kind == .signedInteger || dtype.kind == .unsignedInteger else {
            throw NumpyArrayError(message: "\(dtype) is not an integer type")
        }
        var data: [UInt8] = []
        data.reserveCapacity(values.count * dtype.itemSize)
        for value in values {
            let bits = UInt64(bitPattern: Int64(value))
            for index in 0..<dtype.itemSize { data.append(UInt8(truncatingIfNeeded: bits >> (8 * index))) }
        }
        try self.init(dtype: dtype, shape: shape, data: data)
    }

    /// A one-dimensional `uint8` array holding `bytes` (how DFL stores encoded images).
    public init(uint8 bytes: [UInt8], shape: [Int]? = nil) throws(NumpyArrayError) {
        try self.init(dtype: .uint8, shape: shape ?? [bytes.count], data: bytes)
    }

    /// The elements as `Double`, in C (row-major) order whatever the memory order.
    public func doubles() -> [Double] {
        cOrderIndices().map { NumpyElements.double(in: data, at: $0 * dtype.itemSize, dtype: dtype) }
    }

    /// The elements as `Float`, in C (row-major) order.
    public func floats() -> [Float] { doubles().map { Float($0) } }

    /// The elements of an integer or bool array as `Int`, in C order; nil for float arrays.
    public func integers() -> [Int]? {
        guard dtype.kind != .float else { return nil }
        return cOrderIndices().map { NumpyElements.integer(in: data, at: $0 * dtype.itemSize, dtype: dtype) }
    }

    /// Element positions in `data`, visited in C order.
    private func cOrderIndices() -> [Int] {
        let total = count
        guard isFortranOrder, shape.count > 1, total > 0 else { return Array(0..<total) }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var result: [Int] = []
        result.reserveCapacity(total)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<total {
            result.append(zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 })
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}

/// An array whose bytes do not match its shape or data type.
public struct NumpyArrayError: MasqueError, Sendable {
    public let message: String
}

/// Reading and writing single little-endian NumPy elements.
public enum NumpyElements {
    public static func bytes<T: FixedWidthInteger>(of value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    public static func unsigned(in data: [UInt8], at offset: Int, size: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(data[offset + index]) << (8 * index) }
        return value
    }

    public static func integer(in data: [UInt8], at offset: Int, dtype: NumpyDType) -> Int {
        let raw = unsigned(in: data, at: offset, size: dtype.itemSize)
        switch dtype.kind {
        case .signedInteger:
            let shift = UInt64(64 - 8 * dtype.itemSize)
            return Int(Int64(bitPattern: raw << shift) >> Int64(shift))
        case .bool:
            return raw != 0 ? 1 : 0
        case .unsignedInteger, .float:
            return Int(truncatingIfNeeded: raw)
        }
    }

    public static func double(in data: [UInt8], at offset: Int, dtype: NumpyDType) -> Double {
        let raw = unsigned(in: data, at: offset, size: dtype.itemSize)
        switch (dtype.kind, dtype.itemSize) {
        case (.float, 2): return Double(halfToFloat(UInt16(raw)))
        case (.float, 4): return Double(Float(bitPattern: UInt32(raw)))
        case (.float, _): return Double(bitPattern: raw)
        case (.unsignedInteger, _): return Double(raw)
        default: return Double(integer(in: data, at: offset, dtype: dtype))
        }
    }

    /// IEEE half precision to single precision.
    public static func halfToFloat(_ half: UInt16) -> Float {
        let sign = UInt32(half >> 15) << 31
        let exponent = Int((half >> 10) & 0x1F)
        let mantissa = UInt32(half & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
        if exponent == 0 {
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | mantissa << 13)
    }
}
