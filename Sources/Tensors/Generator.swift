import CTorch

/// A seeded random number generator for one device; its state can be saved and restored
/// so that interrupted training resumes with the same random stream.
public final class Generator: @unchecked Sendable {
    let handle: OpaquePointer
    public let device: Device

    public init(seed: UInt64, device: Device = .cpu) throws(TensorError) {
        var out: OpaquePointer?
        let (type, index) = device.code
        try attempt(ct_generator_new(seed, type, index, &out), "cannot create a random generator on \(device)")
        handle = out!
        self.device = device
    }

    deinit { ct_generator_free(handle) }

    /// The full generator state as uint8 values.
    public var state: Tensor {
        get { produce { ct_generator_get_state(handle, $0) } }
    }

    /// Restores a state read from `state`.
    public func restore(_ state: Tensor) throws(TensorError) {
        try attempt(ct_generator_set_state(handle, state.handle), "cannot restore the random generator state")
    }
}

extension Generator {
    /// The state as bytes, for `state.json` of a checkpoint.
    public var stateBytes: [UInt8] { state.toArray(of: UInt8.self) }

    /// Restores a state saved with `stateBytes`.
    public func restore(bytes: [UInt8]) throws(TensorError) {
        try restore(try Tensor(values: bytes, shape: [bytes.count], dtype: .uint8))
    }
}
