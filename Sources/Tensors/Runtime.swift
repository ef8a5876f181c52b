import CTorch

/// Process-wide libtorch facts and settings.
public enum Runtime {
    /// Whether libtorch's CUDA library was found and loaded at start-up.
    public static let cudaLibraryLoaded: Bool = {
        var loaded: Int32 = 0
        check(ct_runtime_init(&loaded))
        return loaded != 0
    }()

    /// Number of CUDA devices usable now (0 on machines without the CUDA libraries or a GPU).
    public static var cudaDeviceCount: Int {
        _ = cudaLibraryLoaded
        var count: Int32 = 0
        return ct_cuda_device_count(&count) == 0 ? Int(count) : 0
    }

    /// Free and total memory of CUDA device `index` in bytes; nil without that device.
    public static func cudaMemory(device index: Int) -> (free: Int, total: Int)? {
        guard index < cudaDeviceCount else { return nil }
        var free: UInt64 = 0, total: UInt64 = 0
        return ct_cuda_memory(Int32(index), &free, &total) == 0 ? (Int(free), Int(total)) : nil
    }

    /// The libtorch version, e.g. "2.15.0".
    public static var version: String {
        var text: UnsafePointer<CChar>?
        check(ct_version(&text))
        return String(cString: text!)
    }

    /// Intra-op CPU threads libtorch uses.
    public static var threadCount: Int {
        get {
            var threads: Int32 = 0
            check(ct_get_num_threads(&threads))
            return Int(threads)
        }
        set { check(ct_set_num_threads(Int32(newValue))) }
    }

    /// Whether libtorch has oneDNN's CPU kernels, the fused convolution with an activation and
    /// the packed linear layer included (the pip wheels do); without them convolutions and
    /// matrix products take libtorch's own kernels.
    public static let hasOneDNN: Bool = {
        var available: Int32 = 0
        return ct_has_onednn(&available) == 0 && available != 0
    }()

    /// Seeds libtorch's global generators (CPU and CUDA).
    public static func seed(_ value: UInt64) { check(ct_manual_seed(value)) }
}
