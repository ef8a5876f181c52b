import Foundation
@testable import Tensors
import TestSupport
import Testing

@Suite(.serialized) struct ProcessGroupTests {
    private func twoRanks(_ body: @escaping @Sendable (ProcessGroup) throws -> Void) throws {
        let failures = runAsTwoRanks(body)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func allReduceMeanAveragesTensorsOfEveryShapeInPlace() throws {
        try twoRanks { group in
            let scale = Float(group.rank + 1)
            let tensors = [Tensor([1, 2, 3].map { $0 * scale }, shape: [3]), Tensor([10, 20, 30, 40].map { $0 * scale }, shape: [2, 2])]
            try group.allReduceMean(tensors)
            #expect(tensors[0].floats() == [1.5, 3, 4.5])
            #expect(tensors[1].floats() == [15, 30, 45, 60])
            #expect(tensors[1].shape == [2, 2])
        }
    }

    @Test func broadcastCopiesRankZerosTensorsAndBarrierReturns() throws {
        try twoRanks { group in
            let tensor = Tensor([Float(group.rank), 7], shape: [2])
            try group.broadcast([tensor], from: 0)
            #expect(tensor.floats() == [0, 7])
            try group.barrier()
        }
    }

    @Test func bucketsSplitByDtypeAndSize() {
        let big = Tensor.zeros([ProcessGroup.bucketBytes / 4])
        let buckets = ProcessGroup.buckets([Tensor.zeros([2]), Tensor.zeros([3]), big, Tensor.zeros([2], dtype: .float64)])
        #expect(buckets.map(\.count) == [2, 1, 1])
    }

    @Test func aMasterPortInUseFailsAtOnceWithOneLine() throws {
        let occupied = OccupiedLoopbackPort()
        let start = Date()
        let error = try #require(throws: TensorError.self) {
            try ProcessGroup(rank: 0, worldSize: 2, masterAddress: "127.0.0.1", masterPort: occupied.port, timeout: 20)
        }
        #expect(error.message.hasPrefix("rank 0 of 2 cannot join the gloo group at 127.0.0.1:\(occupied.port): "), "\(error.message)")
        #expect(error.message.contains("address already in use"), "\(error.message)")
        #expect(!error.message.contains("\n"))
        #expect(Date().timeIntervalSince(start) < 10, "fails without waiting for the timeout")
    }

    @Test func anUnreachableMasterFailsWithinTheTimeoutWithOneLine() throws {
        let start = Date()
        var message = ""
        do {
            _ = try ProcessGroup(rank: 1, worldSize: 2, masterAddress: "127.0.0.1", masterPort: freeLoopbackPort(), timeout: 2)
        } catch {
            message = error.message
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(message.contains("rank 1 of 2 cannot join the gloo group at 127.0.0.1:"), "\(message)")
        #expect(!message.contains("\n"))
        #expect(seconds < 10, "took \(seconds) s")
    }

    /// NCCL without a GPU is one line: without libtorch's CUDA libraries it names the bootstrap
    /// step, with them (found by name in libtorch_cuda.so and constructed) NCCL's own refusal.
    @Test(.enabled(if: Runtime.cudaDeviceCount == 0, "this machine has a CUDA GPU"))
    func ncclWithoutAGPUIsOneLine() {
        let error = #expect(throws: TensorError.self) {
            _ = try ProcessGroup(backend: .nccl, rank: 0, worldSize: 1, masterAddress: "127.0.0.1", masterPort: freeLoopbackPort(), timeout: 2)
        }
        let expected = Runtime.cudaLibraryLoaded ? "ProcessGroupNCCL is only supported with GPUs, no GPUs found!" : "run scripts/bootstrap --cuda"
        #expect(error?.message.contains("rank 0 of 1 cannot join the nccl group at 127.0.0.1:") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(expected) == true && error?.message.contains("\n") == false, "\(error?.message ?? "")")
    }
}
