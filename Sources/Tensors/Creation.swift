import CTorch

extension Tensor {
    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32, device: Device = .cpu) -> Tensor {
        let dims = shape.map(Int64.init)
        let (type, index) = device.code
        return produce { ct_full(dims, Int64(dims.count), dtype.rawValue, type, index, value, $0) }
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu) -> Tensor {
        full(shape, 0, dtype: dtype, device: device)
    }

    public static func ones(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu) -> Tensor {
        full(shape, 1, dtype: dtype, device: device)
    }

    /// A zero-dimensional tensor.
    public static func scalar(_ value: Double, dtype: DType = .float32, device: Device = .cpu) -> Tensor {
        full([], value, dtype: dtype, device: device)
    }

    /// Values start, start+step, … below end.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32, device: Device = .cpu) -> Tensor {
        let (type, index) = device.code
        return produce { ct_arange(start, end, step, dtype.rawValue, type, index, $0) }
    }

    /// Uniform samples in [low, high).
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32,
                               device: Device = .cpu, generator: Generator? = nil) -> Tensor {
        let dims = shape.map(Int64.init)
        let (type, index) = device.code
        return produce { ct_rand_uniform(dims, Int64(dims.count), low, high, dtype.rawValue, type, index, generator?.handle, $0) }
    }

    /// Normal samples with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32,
                              device: Device = .cpu, generator: Generator? = nil) -> Tensor {
        let dims = shape.map(Int64.init)
        let (type, index) = device.code
        return produce { ct_rand_normal(dims, Int64(dims.count), mean, std, dtype.rawValue, type, index, generator?.handle, $0) }
    }

    /// Random integers in [low, high), int64.
    public static func randint(_ shape: [Int], low: Int, high: Int, generator: Generator? = nil) -> Tensor {
        let dims = shape.map(Int64.init)
        return produce { ct_randint(dims, Int64(dims.count), Int64(low), Int64(high), generator?.handle, $0) }
    }

    /// 1 with probability `p`, else 0, with this tensor's shape, dtype and device.
    public func bernoulli(_ p: Double, generator: Generator? = nil) -> Tensor {
        produce { ct_bernoulli(handle, p, generator?.handle, $0) }
    }

    public func zerosLike() -> Tensor { Tensor.zeros(shape, dtype: dtype, device: device) }
    public func fullLike(_ value: Double) -> Tensor { Tensor.full(shape, value, dtype: dtype, device: device) }
}
