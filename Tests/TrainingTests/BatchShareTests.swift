import Testing
import Training

@Suite struct BatchShareTests {
    @Test func theGlobalBatchIsSplitAsEvenlyAsPossible() {
        #expect((0..<2).map { Trainer.batchShare(8, rank: $0, worldSize: 2) } == [4, 4])
        #expect((0..<3).map { Trainer.batchShare(8, rank: $0, worldSize: 3) } == [3, 3, 2])
        #expect((0..<3).map { Trainer.batchShare(2, rank: $0, worldSize: 3) } == [1, 1, 1])
        #expect(Trainer.batchShare(8, rank: 0, worldSize: 1) == 8)
    }
}
