import Testing
@testable import Tensors

/// The allocation tally behind training's memory estimate: new results count their storage once,
/// views of them count nothing more.
@Suite struct AllocationTallyTests {
    @Test func countsNewStoragesOnceAndViewsNotAtAll() {
        let a = Tensor.full([10, 100], 1), b = Tensor.full([10, 100], 2)
        let (_, sum) = AllocationTally.measure { _ = a + b }
        #expect(sum == 4000)
        let (_, both) = AllocationTally.measure {
            let c = a * b
            _ = c.reshaped([1000])
            _ = c.slice(0, 0, 5)
        }
        #expect(both == 4000)
        let (_, outside) = AllocationTally.measure { }
        #expect(outside == 0)
    }
}
