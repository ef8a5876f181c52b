/// A NumPy scalar such as `numpy.float64(0.5)` or `numpy.int64(3)`: its data type and raw
/// little-endian bytes. DFL's option values produced by `np.clip` are stored this way.
public struct NumpyScalar: Hashable, Sendable {
    public let dtype: NumpyDType
    /// `dtype.itemSize` bytes, little-endian.
    public let data: [UInt8]

    /// A scalar over `data`; fails when the byte count is not the data type's size.
    public init(dtype: NumpyDType, data: [UInt8]) throws(NumpyArrayError) {
        guard data.count == dtype.itemSize else {
            throw NumpyArrayError(message: "a \(dtype) scalar needs \(dtype.itemSize) bytes, got \(data.count)")
        }
        self.dtype = dtype
        self.data = data
    }

    /// A `numpy.float64`.
    public init(float64 value: Double) {
        dtype = .float64
        data = NumpyElements.bytes(of: value.bitPattern)
    }

    /// A `numpy.int64`.
    public init(int64 value: Int) {
        dtype = .int64
        data = NumpyElements.bytes(of: Int64(value))
    }

    /// The value as a `Double`.
    public var doubleValue: Double { NumpyElements.double(in: data, at: 0, dtype: dtype) }

    /// The value as an `Int`, for integer and bool scalars.
    public var intValue: Int? {
        dtype.kind == .float ? nil : NumpyElements.integer(in: data, at: 0, dtype: dtype)
    }
}
