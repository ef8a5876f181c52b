import Foundation

/// The random inputs of one colour transfer: idt's rotations (DFL's
/// `scipy.stats.special_ortho_group.rvs(3)`) or sot's directions (DFL's normalised
/// `np.random.normal(size=3)`), all drawn before the transfer runs.
struct ColorTransferDraws: Sendable {
    /// One float32 3×3 rotation per idt iteration, nine entries row by row.
    var rotations: [[Float]] = []
    /// sot's float32 unit directions, `directions[step][k]`.
    var directions: [[SIMD3<Float>]] = []

    /// Nothing drawn: rct, lct, mkl and mkl-m use no random numbers.
    static let none = ColorTransferDraws()

    /// What `mode` needs, drawn from `random` in DFL's order (rotation by rotation, direction by
    /// direction).
    static func drawn(for mode: ColorTransfer, using random: inout some RandomNumberGenerator) -> ColorTransferDraws {
        switch mode {
        case .rct, .lct, .mkl, .mklMasked:
            return .none
        case .idt, .idtMasked:
            return ColorTransferDraws(rotations: (0..<IterativeDistributionTransfer.iterations).map { _ in rotation(using: &random) })
        case .sot, .sotMasked, .mix:
            let batch = mode == .sotMasked ? SlicedOptimalTransfer.mergerBatch : SlicedOptimalTransfer.defaultBatch
            let directions = (0..<SlicedOptimalTransfer.defaultSteps).map { _ in
                (0..<batch).map { _ in unitDirection(using: &random) }
            }
            return ColorTransferDraws(directions: directions)
        }
    }

    /// A standard normal sample (Box–Muller).
    static func normal(using random: inout some RandomNumberGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let v = Double.random(in: 0..<1, using: &random)
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// A uniformly random unit vector in float32, normalised in float32 as DFL's
    /// `dir = np.random.normal(size=3).astype(float32); dir /= norm(dir)`.
    static func unitDirection(using random: inout some RandomNumberGenerator) -> SIMD3<Float> {
        while true {
            let direction = SIMD3<Float>(Float(normal(using: &random)), Float(normal(using: &random)),
                                         Float(normal(using: &random)))
            let length = (direction * direction).sum().squareRoot()
            if length > 0 { return direction / length }
        }
    }

    /// A uniformly (Haar) random 3×3 rotation, nine entries row by row, rounded to float32 as
    /// DFL does: the Q of a QR decomposition of a Gaussian matrix with R's diagonal made
    /// positive, one column negated if its determinant is −1.
    static func rotation(using random: inout some RandomNumberGenerator) -> [Float] {
        var columns: [SIMD3<Double>] = []
        while columns.count < 3 {
            var column = SIMD3<Double>(normal(using: &random), normal(using: &random), normal(using: &random))
            for previous in columns {
                column -= (column * previous).sum() * previous
            }
            let length = (column * column).sum().squareRoot()
            if length > 1e-9 { columns.append(column / length) }
        }
        let q = Matrix3([columns[0][0], columns[1][0], columns[2][0],
                         columns[0][1], columns[1][1], columns[2][1],
                         columns[0][2], columns[1][2], columns[2][2]])
        let sign: Double = q.determinant < 0 ? -1 : 1
        return (0..<9).map { index in Float(index % 3 == 0 ? sign * q[index / 3, 0] : q[index / 3, index % 3]) }
    }
}
