import Tensors

/// The devices of a data-parallel run started on this machine (`--devices cpu,cpu`,
/// `--devices cuda:0,cuda:1`), one worker each, and the c10d backend that joins them: NCCL for
/// GPU workers and Gloo for CPU workers, unless one is asked for (Gloo also carries CUDA tensors,
/// through the host; NCCL carries only CUDA tensors, one GPU per worker).
public struct WorkerDevices: Sendable, Equatable {
    public var devices: [Device]
    public var backend: ProcessGroup.Backend

    /// Parses `list`, comma-separated `cpu`, `cuda` or `cuda:N` of one kind, against the
    /// `cudaDevices` there are (default: this machine's); throws one line naming a GPU that does
    /// not exist, a mix of CPU and GPU workers, or a backend that cannot carry the devices.
    public init(parsing list: String, backend requested: ProcessGroup.Backend? = nil,
                cudaDevices: Int = Runtime.cudaDeviceCount) throws {
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty), !names.contains(where: { $0.lowercased() == "auto" }) else {
            throw TrainingError("--devices \(list): name each worker's device, e.g. cpu,cpu or cuda:0,cuda:1")
        }
        let devices = try names.map { name throws -> Device in
            do {
                return try Device(parsing: name, cudaDevices: cudaDevices)
            } catch let error as TensorError {
                guard name.lowercased().hasPrefix("cuda") else { throw TrainingError("--devices \(list): \(error.message)") }
                throw TrainingError("--devices \(list) names \(name), which this machine does not have (\(cudaDevices) CUDA devices found; name cpu workers, or install libtorch's CUDA libraries with scripts/bootstrap --cuda)")
            }
        }
        let gpus = devices.filter { $0 != .cpu }
        guard gpus.isEmpty || gpus.count == devices.count else {
            throw TrainingError("--devices \(list) mixes CPU and GPU workers: name only cpu or only cuda:N devices")
        }
        let backend = try Self.backend(requested, onGPU: !gpus.isEmpty)
        if backend == .nccl {
            if let twice = gpus.first(where: { device in gpus.filter { $0 == device }.count > 1 }) {
                throw TrainingError("--devices \(list) names \(twice) twice: NCCL takes one GPU per worker (--backend gloo can share one)")
            }
        }
        self.devices = devices
        self.backend = backend
    }

    /// `count` CPU workers (`--world-size N` without `--devices`); throws when `backend` is NCCL.
    public init(cpuWorkers count: Int, backend: ProcessGroup.Backend? = nil) throws {
        try self.init(parsing: Array(repeating: "cpu", count: count).joined(separator: ","), backend: backend)
    }

    /// The device of a worker started from outside (torchrun, SLURM: `RANK`, `LOCAL_RANK`):
    /// `requested` (`--device`), where `auto` means the GPU of its local rank when this machine
    /// has GPUs (torchrun's convention), else the CPU; and the backend for it (`requested`, else
    /// NCCL on a GPU and Gloo on the CPU).
    public static func worker(device requested: String, backend: ProcessGroup.Backend?, localRank: Int,
                              cudaDevices: Int = Runtime.cudaDeviceCount) throws -> (device: Device, backend: ProcessGroup.Backend) {
        let device = requested.lowercased() == "auto" && cudaDevices > 0
            ? try Device(parsing: "cuda:\(localRank)", cudaDevices: cudaDevices)
            : try Device(parsing: requested, cudaDevices: cudaDevices)
        return (device, try Self.backend(backend, onGPU: device != .cpu))
    }

    /// `requested`, else NCCL for GPU workers and Gloo for CPU workers; NCCL for CPU workers is refused.
    private static func backend(_ requested: ProcessGroup.Backend?, onGPU: Bool) throws -> ProcessGroup.Backend {
        let backend = requested ?? (onGPU ? .nccl : .gloo)
        guard backend == .gloo || onGPU else { throw TrainingError("--backend nccl carries CUDA tensors only: CPU workers use gloo") }
        return backend
    }
}
