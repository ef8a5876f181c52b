/// NumPy's `np.interp` in double precision: the piecewise-linear function through the points
/// (`xs[i]`, `ys[i]`), `xs` non-decreasing, evaluated as NumPy does where `xs` repeats a value.
struct PiecewiseLinearInterpolation {
    let xs: [Double]
    let ys: [Double]
    /// The value below `xs[0]` (NumPy's `left`, default `ys[0]`).
    let left: Double
    /// The value above the last x (NumPy's `right`, default the last y).
    let right: Double

    init(xs: [Double], ys: [Double], left: Double? = nil, right: Double? = nil) {
        precondition(!xs.isEmpty && xs.count == ys.count, "PiecewiseLinearInterpolation: \(xs.count) xs, \(ys.count) ys")
        self.xs = xs
        self.ys = ys
        self.left = left ?? ys[0]
        self.right = right ?? ys[ys.count - 1]
    }

    /// The value at `x`: with j the last index where `xs[j] ≤ x`, `ys[j]` if `xs[j] == x` or j is
    /// the last index, else the line from point j to point j + 1.
    func callAsFunction(_ x: Double) -> Double {
        let last = xs.count - 1
        if x > xs[last] { return right }
        if x < xs[0] { return left }
        var low = 0, high = xs.count
        while low < high {
            let middle = low + (high - low) / 2
            if x >= xs[middle] { low = middle + 1 } else { high = middle }
        }
        let j = low - 1
        if j == last || xs[j] == x { return ys[j] }
        let slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
        return slope * (x - xs[j]) + ys[j]
    }
}
