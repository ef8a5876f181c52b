import Testing
import Training

@Suite struct BatchShareTests {
    @Test func theGlobalBatchIsSplitAsEvenlyAsPossible() {
        #expect((0..<2).map { Trainer.batchShare(8, rank: $0, worldSize: 2) } == [4, 4])
        #expect((0..<3).map { Trainer.batchShare(8, rank: $0, worldSize: 3) } == [3, 3, 2])
        #expect((0..<3).map { Trainer.batchShare(2, rank: $0, worldSize: 3) } == [1, 1, 1])
        #expect(Trainer.batchShare(8, rank: 0, worldSize: 1) == 8)
    }

    @Test func anUnevenSplitIsReportedWithDFLsRoundingRule() {
        #expect(Trainer.batchSplitNote(8, worldSize: 2) == nil)
        #expect(Trainer.batchSplitNote(7, worldSize: 1) == nil)
        #expect(Trainer.batchSplitNote(8, worldSize: 3) == "batch_size 8 is split over 3 workers as 3, 3, 2 (DFL would make it 6, 2 per GPU)")
        #expect(Trainer.batchSplitNote(2, worldSize: 3) == "batch_size 2 is less than the 3 workers: each takes 1 face, a global batch of 3 (DFL would make it 3, 1 per GPU)")
    }
}
