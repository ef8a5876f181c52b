/// The colour mean and scatter of interleaved 3-channel pixels, in double precision, for the
/// covariance-based transfers (lct, mkl).
struct ColorStatistics {
    /// The mean colour.
    let mean: SIMD3<Double>
    /// Σ (x − mean)(x − mean)ᵀ over the pixels.
    let scatter: Matrix3
    /// Number of pixels.
    let count: Int

    init(interleaved pixels: [Float]) {
        count = pixels.count / 3
        var sum = SIMD3<Double>(repeating: 0)
        for pixel in 0..<count {
            sum += Self.color(pixels, pixel)
        }
        let mean = sum / Double(count)
        var diagonal = SIMD3<Double>(repeating: 0)
        var upper = SIMD3<Double>(repeating: 0)
        for pixel in 0..<count {
            let centred = Self.color(pixels, pixel) - mean
            diagonal += centred * centred
            upper += SIMD3(centred[0] * centred[1], centred[0] * centred[2], centred[1] * centred[2])
        }
        self.mean = mean
        scatter = Matrix3([diagonal[0], upper[0], upper[1],
                           upper[0], diagonal[1], upper[2],
                           upper[1], upper[2], diagonal[2]])
    }

    /// Pixel `pixel` of interleaved 3-channel values, in double precision.
    static func color(_ pixels: [Float], _ pixel: Int) -> SIMD3<Double> {
        SIMD3(Double(pixels[pixel * 3]), Double(pixels[pixel * 3 + 1]), Double(pixels[pixel * 3 + 2]))
    }

    /// The covariance with the scatter divided by `count − correction` (0: population, 1: sample).
    func covariance(correction: Int) -> Matrix3 {
        (1 / Double(count - correction)) * scatter
    }
}
