/// numpy's float64 `sum` (pairwise summation: blocks of up to 128 values summed with eight
/// running partial sums), so sums that numpy's references take come out bit-identical.
func numpyPairwiseSum(_ values: UnsafeBufferPointer<Double>) -> Double {
    let count = values.count
    if count < 8 {
        var sum = -0.0
        for value in values { sum += value }
        return sum
    }
    if count <= 128 {
        var partial = (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])
        var index = 8
        while index < count - count % 8 {
            partial.0 += values[index]
            partial.1 += values[index + 1]
            partial.2 += values[index + 2]
            partial.3 += values[index + 3]
            partial.4 += values[index + 4]
            partial.5 += values[index + 5]
            partial.6 += values[index + 6]
            partial.7 += values[index + 7]
            index += 8
        }
        var sum = ((partial.0 + partial.1) + (partial.2 + partial.3)) + ((partial.4 + partial.5) + (partial.6 + partial.7))
        while index < count {
            sum += values[index]
            index += 1
        }
        return sum
    }
    var half = count / 2
    half -= half % 8
    return numpyPairwiseSum(UnsafeBufferPointer(rebasing: values[..<half]))
        + numpyPairwiseSum(UnsafeBufferPointer(rebasing: values[half...]))
}

/// `numpyPairwiseSum` of an array.
func numpyPairwiseSum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { numpyPairwiseSum($0) }
}
