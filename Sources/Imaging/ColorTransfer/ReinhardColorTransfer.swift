/// DFL's `rct`: Reinhard et al.'s transfer of per-channel Lab means and deviations
/// (`core/imagelib/color_transfer.py`, `reinhard_color_transfer`).
enum ReinhardColorTransfer {
    /// Mask values below this leave a pixel out of the statistics (DFL's `mask_cutoff`).
    static let maskCutoff: Float = 0.5

    /// `target` recoloured towards `source`: both to float Lab (L 0…100, a, b ≈ ±127); the
    /// population mean and deviation of each channel, where pixels whose mask is below 0.5 count
    /// as (0, 0, 0); `(t − μt)·σs/σt + μs` on every target pixel, clipped to L 0…100, a, b
    /// −127…127, back to BGR (clamped to 0…1 by OpenCV). A channel with σt = 0, where DFL divides
    /// by zero, becomes μs. Masks are one channel of their image's size.
    static func transfer(_ target: Image, toward source: Image, targetMask: Image?, sourceMask: Image?) -> Image {
        let targetLab = target.converted(.bgrToLab).pixels(as: Float.self)
        let sourceLab = source.converted(.bgrToLab).pixels(as: Float.self)
        let targetStatistics = statistics(targetLab, mask: targetMask)
        let sourceStatistics = statistics(sourceLab, mask: sourceMask)
        let bounds: [ClosedRange<Float>] = [0...100, -127...127, -127...127]
        var result = targetLab
        for index in result.indices {
            let channel = index % 3
            let (targetMean, targetDeviation) = targetStatistics[channel]
            let (sourceMean, sourceDeviation) = sourceStatistics[channel]
            let value = targetDeviation == 0
                ? sourceMean
                : (result[index] - targetMean) * sourceDeviation / targetDeviation + sourceMean
            result[index] = min(max(value, bounds[channel].lowerBound), bounds[channel].upperBound)
        }
        return Image(width: target.width, height: target.height, channels: 3, pixels: result).converted(.labToBgr)
    }

    /// Per channel (mean, population standard deviation) of interleaved Lab pixels, pixels whose
    /// mask value is below the cutoff taken as zero.
    private static func statistics(_ lab: [Float], mask: Image?) -> [(mean: Float, deviation: Float)] {
        let maskValues = mask?.pixels(as: Float.self)
        let pixelCount = lab.count / 3
        func value(_ pixel: Int, _ channel: Int) -> Double {
            if let maskValues, maskValues[pixel] < maskCutoff { return 0 }
            return Double(lab[pixel * 3 + channel])
        }
        return (0..<3).map { channel in
            var sum = 0.0
            for pixel in 0..<pixelCount { sum += value(pixel, channel) }
            let mean = sum / Double(pixelCount)
            var squares = 0.0
            for pixel in 0..<pixelCount {
                let deviation = value(pixel, channel) - mean
                squares += deviation * deviation
            }
            return (Float(mean), Float((squares / Double(pixelCount)).squareRoot()))
        }
    }
}
