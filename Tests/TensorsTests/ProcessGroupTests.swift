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

    @Test func ncclSaysItIsNotAvailable() {
        #expect(throws: TensorError.self) {
            _ = try ProcessGroup(backend: .nccl, rank: 0, worldSize: 1, masterAddress: "127.0.0.1", masterPort: freeLoopbackPort(), timeout: 2)
        }
    }
}
