/// The stable ascending order of float32 values, for sot's sorted projections: a least
/// significant digit radix sort (four passes of 8 bits) of the values' bits made
/// order-preserving, so equal values (−0 and +0 among them) keep their index order.
enum StableFloatOrder {
    /// The indices that sort `values` ascending, ties by index (NumPy's `argsort(kind="stable")`).
    /// NaN is not expected.
    static func ascending(_ values: [Float]) -> [Int] {
        let count = values.count
        var keys = values.map(orderedBits)
        var indices = Array(0..<count)
        var nextKeys = keys
        var nextIndices = indices
        for shift in stride(from: UInt32(0), to: 32, by: 8) {
            var starts = [Int](repeating: 0, count: 257)
            for key in keys { starts[Int((key >> shift) & 0xFF) + 1] += 1 }
            for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
            for position in 0..<count {
                let bucket = Int((keys[position] >> shift) & 0xFF)
                nextKeys[starts[bucket]] = keys[position]
                nextIndices[starts[bucket]] = indices[position]
                starts[bucket] += 1
            }
            swap(&keys, &nextKeys)
            swap(&indices, &nextIndices)
        }
        return indices
    }

    /// The bits of `value` as an unsigned integer that orders like the value (−0 as +0).
    private static func orderedBits(_ value: Float) -> UInt32 {
        let bits = value == 0 ? 0 : value.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }
}
