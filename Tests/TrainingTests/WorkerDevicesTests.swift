import Tensors
import Testing
import Training

/// `--devices` and `--backend` on a machine of two GPUs (the count is given, so this runs
/// anywhere): NCCL for GPU workers and Gloo for CPU workers unless asked otherwise, and one line
/// for a GPU that does not exist, a mix of CPU and GPU, a GPU named twice for NCCL, or NCCL for
/// CPU workers; a worker started by torchrun takes the GPU of its local rank.
@Suite struct WorkerDevicesTests {
    @Test func theBackendFollowsTheDevicesUnlessAskedFor() throws {
        #expect(try WorkerDevices(parsing: "cuda:0, cuda:1", cudaDevices: 2) == WorkerDevices(parsing: "cuda:0,cuda:1", backend: .nccl, cudaDevices: 2))
        let gpus = try WorkerDevices(parsing: "cuda:0,cuda:1", cudaDevices: 2)
        #expect(gpus.devices == [.cuda(0), .cuda(1)] && gpus.backend == .nccl)
        let cpus = try WorkerDevices(parsing: "cpu,cpu,cpu", cudaDevices: 2)
        #expect(cpus.devices == [.cpu, .cpu, .cpu] && cpus.backend == .gloo)
        #expect(try WorkerDevices(cpuWorkers: 3) == cpus)
        let shared = try WorkerDevices(parsing: "cuda:1,cuda:1", backend: .gloo, cudaDevices: 2)
        #expect(shared.devices == [.cuda(1), .cuda(1)] && shared.backend == .gloo)
    }

    @Test(arguments: [
        ("cuda:0,cuda:2", nil, "--devices cuda:0,cuda:2 names cuda:2, which this machine does not have (2 CUDA devices found; name cpu workers, or install libtorch's CUDA libraries with scripts/bootstrap --cuda)"),
        ("cpu,cuda:0", nil, "--devices cpu,cuda:0 mixes CPU and GPU workers: name only cpu or only cuda:N devices"),
        ("cuda:1,cuda:1", nil, "--devices cuda:1,cuda:1 names cuda:1 twice: NCCL takes one GPU per worker (--backend gloo can share one)"),
        ("cpu,cpu", ProcessGroup.Backend.nccl, "--backend nccl carries CUDA tensors only: CPU workers use gloo"),
        ("cpu,,cpu", nil, "--devices cpu,,cpu: name each worker's device, e.g. cpu,cpu or cuda:0,cuda:1"),
        ("auto,auto", nil, "--devices auto,auto: name each worker's device, e.g. cpu,cpu or cuda:0,cuda:1"),
        ("cpu,tpu", nil, "--devices cpu,tpu: unknown device 'tpu' (use auto, cpu, cuda or cuda:N)"),
    ] as [(String, ProcessGroup.Backend?, String)])
    func badListsAreOneLine(list: String, backend: ProcessGroup.Backend?, line: String) {
        let error = #expect(throws: TrainingError.self) { try WorkerDevices(parsing: list, backend: backend, cudaDevices: 2) }
        #expect(error?.message == line)
    }

    @Test func aWorkerStartedFromOutsideTakesTheGPUOfItsLocalRank() throws {
        #expect(try WorkerDevices.worker(device: "auto", backend: nil, localRank: 1, cudaDevices: 2) == (.cuda(1), .nccl))
        #expect(try WorkerDevices.worker(device: "auto", backend: .gloo, localRank: 1, cudaDevices: 2) == (.cuda(1), .gloo))
        #expect(try WorkerDevices.worker(device: "auto", backend: nil, localRank: 1, cudaDevices: 0) == (.cpu, .gloo))
        #expect(try WorkerDevices.worker(device: "cuda:0", backend: nil, localRank: 1, cudaDevices: 2) == (.cuda(0), .nccl))
        #expect(throws: TensorError.self) { try WorkerDevices.worker(device: "auto", backend: nil, localRank: 2, cudaDevices: 2) }
        let error = #expect(throws: TrainingError.self) { try WorkerDevices.worker(device: "cpu", backend: .nccl, localRank: 0, cudaDevices: 2) }
        #expect(error?.message == "--backend nccl carries CUDA tensors only: CPU workers use gloo")
    }
}
