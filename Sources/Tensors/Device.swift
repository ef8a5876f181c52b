import CTorch

/// Where a tensor lives: the CPU or one CUDA GPU.
public enum Device: Equatable, Hashable, Sendable, CustomStringConvertible {
    case cpu
    case cuda(Int)

    /// Parses `--device` values: `cpu`, `cuda`, `cuda:N`, or `auto` (CUDA 0 when available, else
    /// CPU), against the `cudaDevices` there are (default: this machine's).
    public init(parsing text: String, cudaDevices: Int = Runtime.cudaDeviceCount) throws(TensorError) {
        let value = text.lowercased()
        switch value {
        case "auto": self = cudaDevices > 0 ? .cuda(0) : .cpu
        case "cpu": self = .cpu
        case "cuda", "gpu": self = .cuda(0)
        default:
            guard value.hasPrefix("cuda:"), let index = Int(value.dropFirst(5)), index >= 0 else {
                throw TensorError("unknown device '\(text)' (use auto, cpu, cuda or cuda:N)")
            }
            self = .cuda(index)
        }
        if case .cuda(let index) = self, index >= cudaDevices {
            throw TensorError("device '\(text)' is not available: \(cudaDevices) CUDA device(s) found (use --device cpu, or install the CUDA libraries with scripts/bootstrap --cuda)")
        }
    }

    var code: (type: Int32, index: Int32) {
        switch self {
        case .cpu: (Int32(CT_CPU.rawValue), 0)
        case .cuda(let index): (Int32(CT_CUDA.rawValue), Int32(index))
        }
    }

    init(type: Int32, index: Int32) {
        self = type == Int32(CT_CUDA.rawValue) ? .cuda(Int(index)) : .cpu
    }

    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .cuda(let index): "cuda:\(index)"
        }
    }
}
