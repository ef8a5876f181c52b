import Foundation

/// A 3×3 matrix of doubles, row by row: the colour covariances and rotations of the colour
/// transfers, with the few linear-algebra steps they need (NumPy's `eigh`, `inv`, `solve`).
struct Matrix3: Equatable, Sendable {
    /// The nine entries row by row in the first nine lanes (a SIMD value keeps it off the heap).
    private var storage = SIMD16<Double>(repeating: 0)

    /// A matrix from its nine entries, row by row.
    init(_ entries: [Double]) {
        precondition(entries.count == 9, "Matrix3: \(entries.count) entries, expected 9")
        for (index, entry) in entries.enumerated() { storage[index] = entry }
    }

    /// The nine entries, row by row.
    var entries: [Double] { (0..<9).map { storage[$0] } }

    static let identity = Matrix3([1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// The diagonal matrix with `diagonal` on its diagonal.
    static func diagonal(_ diagonal: SIMD3<Double>) -> Matrix3 {
        Matrix3([diagonal[0], 0, 0, 0, diagonal[1], 0, 0, 0, diagonal[2]])
    }

    subscript(row: Int, column: Int) -> Double {
        get { storage[row * 3 + column] }
        set { storage[row * 3 + column] = newValue }
    }

    /// Row `row` as a vector.
    func row(_ row: Int) -> SIMD3<Double> {
        SIMD3(storage[row * 3], storage[row * 3 + 1], storage[row * 3 + 2])
    }

    /// Column `column` as a vector.
    func column(_ column: Int) -> SIMD3<Double> {
        SIMD3(storage[column], storage[3 + column], storage[6 + column])
    }

    var transposed: Matrix3 {
        Matrix3([self[0, 0], self[1, 0], self[2, 0], self[0, 1], self[1, 1], self[2, 1], self[0, 2], self[1, 2], self[2, 2]])
    }

    static func * (lhs: Matrix3, rhs: Matrix3) -> Matrix3 {
        var product = Matrix3.identity
        for row in 0..<3 {
            for column in 0..<3 {
                product[row, column] = (lhs.row(row) * rhs.column(column)).sum()
            }
        }
        return product
    }

    static func + (lhs: Matrix3, rhs: Matrix3) -> Matrix3 {
        var sum = lhs
        sum.storage += rhs.storage
        return sum
    }

    static func * (lhs: Double, rhs: Matrix3) -> Matrix3 {
        var product = rhs
        product.storage *= lhs
        return product
    }

    static func * (lhs: Matrix3, rhs: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((lhs.row(0) * rhs).sum(), (lhs.row(1) * rhs).sum(), (lhs.row(2) * rhs).sum())
    }

    var determinant: Double {
        self[0, 0] * (self[1, 1] * self[2, 2] - self[1, 2] * self[2, 1])
            - self[0, 1] * (self[1, 0] * self[2, 2] - self[1, 2] * self[2, 0])
            + self[0, 2] * (self[1, 0] * self[2, 1] - self[1, 1] * self[2, 0])
    }

    /// `x` with `self · x = b`, by Gaussian elimination with partial pivoting (LAPACK's `gesv`,
    /// which `np.linalg.solve` calls). The matrix must be invertible.
    func solve(_ b: SIMD3<Double>) -> SIMD3<Double> {
        var a = self
        var x = b
        for pivotColumn in 0..<3 {
            var pivotRow = pivotColumn
            for row in (pivotColumn + 1)..<3 where abs(a[row, pivotColumn]) > abs(a[pivotRow, pivotColumn]) {
                pivotRow = row
            }
            if pivotRow != pivotColumn {
                for column in 0..<3 {
                    let swapped = a[pivotColumn, column]
                    a[pivotColumn, column] = a[pivotRow, column]
                    a[pivotRow, column] = swapped
                }
                (x[pivotColumn], x[pivotRow]) = (x[pivotRow], x[pivotColumn])
            }
            for row in (pivotColumn + 1)..<3 {
                let factor = a[row, pivotColumn] / a[pivotColumn, pivotColumn]
                for column in pivotColumn..<3 {
                    a[row, column] -= factor * a[pivotColumn, column]
                }
                x[row] -= factor * x[pivotColumn]
            }
        }
        for row in stride(from: 2, through: 0, by: -1) {
            var sum = x[row]
            for column in (row + 1)..<3 {
                sum -= a[row, column] * x[column]
            }
            x[row] = sum / a[row, row]
        }
        return x
    }

    /// The inverse (`np.linalg.inv`), column by column through `solve`.
    var inverse: Matrix3 {
        let columns = (0..<3).map { index -> SIMD3<Double> in
            var unit = SIMD3<Double>(repeating: 0)
            unit[index] = 1
            return solve(unit)
        }
        return Matrix3([columns[0][0], columns[1][0], columns[2][0],
                        columns[0][1], columns[1][1], columns[2][1],
                        columns[0][2], columns[1][2], columns[2][2]])
    }

    /// The eigen-decomposition of a symmetric matrix, `self = V·diag(values)·Vᵀ` with
    /// orthonormal eigenvectors in the columns of `vectors`, by cyclic Jacobi rotations. Only the
    /// upper triangle is read. The order and signs of the pairs differ from LAPACK's; every use
    /// here (`V·f(Λ)·Vᵀ` and MKL's transfer matrix) does not depend on them.
    var symmetricEigen: (values: SIMD3<Double>, vectors: Matrix3) {
        var a = self
        for row in 0..<3 {
            for column in 0..<row {
                a[row, column] = a[column, row]
            }
        }
        var vectors = Matrix3.identity
        for _ in 0..<64 {
            let offDiagonal = a[0, 1] * a[0, 1] + a[0, 2] * a[0, 2] + a[1, 2] * a[1, 2]
            let diagonal = a[0, 0] * a[0, 0] + a[1, 1] * a[1, 1] + a[2, 2] * a[2, 2]
            if offDiagonal <= diagonal * 1e-36 || offDiagonal == 0 { break }
            for (p, q) in [(0, 1), (0, 2), (1, 2)] where a[p, q] != 0 {
                let theta = (a[q, q] - a[p, p]) / (2 * a[p, q])
                let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot()
                let s = t * c
                a.rotate(p, q, cosine: c, sine: s)
                for row in 0..<3 {
                    let vp = vectors[row, p], vq = vectors[row, q]
                    vectors[row, p] = c * vp - s * vq
                    vectors[row, q] = s * vp + c * vq
                }
            }
        }
        return (SIMD3(a[0, 0], a[1, 1], a[2, 2]), vectors)
    }

    /// `Jᵀ·self·J` for the Jacobi rotation J in the (p, q) plane, keeping the matrix symmetric.
    private mutating func rotate(_ p: Int, _ q: Int, cosine c: Double, sine s: Double) {
        var rotated = self
        for k in 0..<3 {
            rotated[k, p] = c * self[k, p] - s * self[k, q]
            rotated[k, q] = s * self[k, p] + c * self[k, q]
        }
        let columnsRotated = rotated
        for k in 0..<3 {
            rotated[p, k] = c * columnsRotated[p, k] - s * columnsRotated[q, k]
            rotated[q, k] = s * columnsRotated[p, k] + c * columnsRotated[q, k]
        }
        rotated[p, q] = 0
        rotated[q, p] = 0
        self = rotated
    }
}
