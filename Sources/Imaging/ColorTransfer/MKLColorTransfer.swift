/// DFL's `mkl` (and `mkl-m` on masked images): the Monge–Kantorovich linear map between the two
/// colour distributions, taken as Gaussians (Pitié & Kokaram; `core/imagelib/color_transfer.py`,
/// `color_transfer_mkl`).
enum MKLColorTransfer {
    /// Eigenvalues are clamped up to this before their square roots (`np.finfo(float).eps`).
    static let eigenvalueFloor = Double.ulpOfOne

    /// Interleaved 3-channel `image` pixels moved towards `reference`'s (any pixel count):
    /// sample covariances A, B (N − 1); `A = Ua·Da²·Uaᵀ`; `C = Da·Uaᵀ·B·Ua·Da = Uc·Dc²·Ucᵀ`;
    /// `T = Ua·Da⁻¹·Uc·Dc·Ucᵀ·Da⁻¹·Uaᵀ`; each pixel as a row vector `(x − μx)·T + μref`, clipped
    /// to 0…1. T does not depend on the order or signs of the eigenvectors.
    static func transfer(_ image: [Float], toward reference: [Float]) -> [Float] {
        let imageStatistics = ColorStatistics(interleaved: image)
        let referenceStatistics = ColorStatistics(interleaved: reference)
        let a = imageStatistics.covariance(correction: 1)
        let b = referenceStatistics.covariance(correction: 1)
        let (aValues, ua) = a.symmetricEigen
        let da = aValues.replacing(with: eigenvalueFloor, where: aValues .< eigenvalueFloor).squareRoot()
        let daMatrix = Matrix3.diagonal(da)
        let c = daMatrix * ua.transposed * b * ua * daMatrix
        let (cValues, uc) = symmetrised(c).symmetricEigen
        let dc = cValues.replacing(with: eigenvalueFloor, where: cValues .< eigenvalueFloor).squareRoot()
        let daInverse = Matrix3.diagonal(1 / da)
        let transfer = ua * daInverse * uc * Matrix3.diagonal(dc) * uc.transposed * daInverse * ua.transposed
        let rowVectorMap = transfer.transposed
        var result = [Float](repeating: 0, count: image.count)
        for pixel in 0..<imageStatistics.count {
            let centred = ColorStatistics.color(image, pixel) - imageStatistics.mean
            let moved = rowVectorMap * centred + referenceStatistics.mean
            for channel in 0..<3 {
                result[pixel * 3 + channel] = min(max(Float(moved[channel]), 0), 1)
            }
        }
        return result
    }

    /// `(M + Mᵀ)/2`: C is symmetric but for rounding.
    private static func symmetrised(_ matrix: Matrix3) -> Matrix3 {
        0.5 * (matrix + matrix.transposed)
    }
}
