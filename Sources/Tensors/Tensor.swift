import CTorch

/// An n-dimensional array on the CPU or a GPU, backed by a libtorch tensor.
///
/// Operations return new tensors; gradients flow through them when a leaf requires grad.
/// A `Tensor` may be read from several threads; mutate it (in-place ops) from one at a time.
public final class Tensor: @unchecked Sendable {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { ct_free(handle) }

    /// Sizes of each dimension.
    public var shape: [Int] {
        var rank: Int64 = 0
        check(ct_dim(handle, &rank))
        var sizes = [Int64](repeating: 0, count: Int(rank))
        check(ct_sizes(handle, &sizes, rank))
        return sizes.map(Int.init)
    }

    public var rank: Int { shape.count }

    public var elementCount: Int {
        var count: Int64 = 0
        check(ct_numel(handle, &count))
        return Int(count)
    }

    public var dtype: DType {
        var code: Int32 = 0
        check(ct_get_dtype(handle, &code))
        return DType(rawValue: code)!
    }

    public var device: Device {
        var type: Int32 = 0, index: Int32 = 0
        check(ct_get_device(handle, &type, &index))
        return Device(type: type, index: index)
    }

    /// Copies `buffer` (row-major, `dtype` elements) into a new tensor.
    public init(host buffer: UnsafeRawBufferPointer, shape: [Int], dtype: DType, device: Device = .cpu) throws(TensorError) {
        var out: OpaquePointer?
        let dims = shape.map(Int64.init)
        let (type, index) = device.code
        try attempt(ct_from_host(buffer.baseAddress, buffer.count, dims, Int64(dims.count), dtype.rawValue, type, index, &out),
                    "cannot create a \(shape) \(dtype) tensor on \(device)")
        handle = out!
    }

    /// A float32 tensor holding `values` in row-major order. For values whose shape the code
    /// fixes (kernels, constants): a mismatch or a libtorch failure stops, like `check`. Values
    /// read from a user's file go through the throwing `init(values:shape:dtype:device:)`.
    public convenience init(_ values: [Float], shape: [Int], device: Device = .cpu) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values do not fill shape \(shape)")
        do {
            try self.init(values: values, shape: shape, dtype: .float32, device: device)
        } catch {
            fatalError("libtorch: \(error.message)")
        }
    }

    /// A tensor of `dtype` holding `values` (whose Swift type must match `dtype`'s size).
    public convenience init<T: BitwiseCopyable>(values: [T], shape: [Int], dtype: DType, device: Device = .cpu) throws(TensorError) {
        guard MemoryLayout<T>.stride == dtype.byteSize else {
            throw TensorError("\(T.self) values cannot fill a \(dtype) tensor")
        }
        let made = values.withUnsafeBytes { bytes in
            Result { () throws(TensorError) in try Tensor(host: bytes, shape: shape, dtype: dtype, device: device) }
        }
        self.init(owning: try made.get().releaseHandleCopy())
    }

    /// A new handle sharing this tensor's storage.
    func releaseHandleCopy() -> OpaquePointer {
        var out: OpaquePointer?
        check(ct_shallow_copy(handle, &out))
        return out!
    }

    /// Copies the elements (made contiguous, moved to the CPU) into `buffer`,
    /// which must hold exactly `elementCount * dtype.byteSize` bytes.
    public func copyToHost(into buffer: UnsafeMutableRawBufferPointer) throws(TensorError) {
        try attempt(ct_copy_to_host(handle, buffer.baseAddress, buffer.count), "cannot copy a \(shape) tensor to the host")
    }

    /// The elements as a Swift array; `T` must have `dtype`'s size.
    public func toArray<T: BitwiseCopyable>(of type: T.Type = T.self) -> [T] {
        precondition(MemoryLayout<T>.stride == dtype.byteSize, "\(T.self) does not match \(dtype)")
        let count = elementCount
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            check(ct_copy_to_host(handle, buffer.baseAddress, count * MemoryLayout<T>.stride))
            initialized = count
        }
    }

    /// The elements converted to float32.
    public func floats() -> [Float] { (dtype == .float32 ? self : to(.float32)).toArray(of: Float.self) }

    /// The value of a one-element tensor.
    public func item() -> Double {
        var value = 0.0
        check(ct_item(handle, &value))
        return value
    }

    /// This tensor converted to `dtype` on `device` (self when nothing changes).
    public func to(_ dtype: DType? = nil, device: Device? = nil) -> Tensor {
        if dtype == nil || dtype == self.dtype, device == nil || device == self.device { return self }
        let (type, index) = (device ?? self.device).code
        return produce { ct_to(handle, (dtype ?? self.dtype).rawValue, type, index, $0) }
    }

    /// Moves to `device`, reporting a missing or full device as an error.
    public func moved(to device: Device) throws(TensorError) -> Tensor {
        var out: OpaquePointer?
        let (type, index) = device.code
        try attempt(ct_to(handle, dtype.rawValue, type, index, &out), "cannot move a \(shape) tensor to \(device)")
        return Tensor(owning: out!)
    }

    /// A contiguous copy (or self's storage when already contiguous).
    public func contiguous() -> Tensor { produce { ct_contiguous(handle, $0) } }

    /// The same 4-D tensor stored channels-last (NHWC strides; shape and values unchanged), which
    /// CPU convolutions run faster on; results of ops on it keep that layout.
    public func channelsLast() -> Tensor { produce { ct_channels_last(handle, $0) } }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(\(shape), \(dtype), \(device))" }
}
