/// DFL's histogram match, the merger's `hist-match` modes (`core/imagelib/color_transfer.py`,
/// `color_hist_match` and `channel_hist_match`).
public enum HistogramMatch {
    /// DFL's default `hist_match_threshold` when the merger asks interactively.
    public static let interactiveDefaultThreshold = 238
    /// The threshold's range and the reference's quantile scale.
    public static let thresholdRange = 0...255

    /// `image` with each of its first three channels mapped so that its value distribution
    /// follows `reference`'s channel; further channels are copied. Per channel: the image's
    /// distinct values get quantiles `threshold·cumsum/total`, the reference's `255·cumsum/total`,
    /// and each value becomes the reference value interpolated at its quantile (a threshold
    /// below 255 darkens towards the reference's lower values). Both images float32 with 3 or 4
    /// channels, any sizes; `threshold` in 0…255.
    public static func apply(_ image: Image, reference: Image, threshold: Int = 255) throws(ColorTransferError) -> Image {
        let operation = "histogram match"
        for (role, candidate) in [("image", image), ("reference", reference)]
        where candidate.format != .float32 || candidate.channels < 3 {
            throw .unsupportedImage(operation: operation, role: role, channels: candidate.channels,
                                    format: candidate.format, expectedChannels: "3 or 4")
        }
        guard thresholdRange.contains(threshold) else { throw .thresholdOutOfRange(threshold) }
        let source = image.pixels(as: Float.self)
        let template = reference.pixels(as: Float.self)
        var result = source
        for channel in 0..<3 {
            let sourceValues = stride(from: channel, to: source.count, by: image.channels).map { source[$0] }
            let templateValues = stride(from: channel, to: template.count, by: reference.channels).map { template[$0] }
            let matched = matchChannel(sourceValues, toward: templateValues, threshold: Double(threshold))
            for (pixel, value) in matched.enumerated() {
                result[pixel * image.channels + channel] = value
            }
        }
        return Image(width: image.width, height: image.height, channels: image.channels, pixels: result)
    }

    private static func matchChannel(_ values: [Float], toward template: [Float], threshold: Double) -> [Float] {
        let source = DistinctValues(values)
        let reference = DistinctValues(template)
        let sourceQuantiles = source.cumulativeCounts.map { threshold * Double($0) / Double(values.count) }
        let referenceQuantiles = reference.cumulativeCounts.map { 255 * Double($0) / Double(template.count) }
        let inverse = PiecewiseLinearInterpolation(xs: referenceQuantiles, ys: reference.values.map(Double.init))
        let matched = sourceQuantiles.map { Float(inverse($0)) }
        return source.inverse.map { matched[$0] }
    }
}

/// The sorted distinct values of a list with their running counts and each element's index
/// among them (`np.unique(…, return_inverse=True, return_counts=True)` with the counts summed).
private struct DistinctValues {
    var values: [Float] = []
    var cumulativeCounts: [Int] = []
    var inverse: [Int]

    init(_ list: [Float]) {
        inverse = [Int](repeating: 0, count: list.count)
        for index in list.indices.sorted(by: { list[$0] < list[$1] }) {
            if values.last != list[index] {
                values.append(list[index])
                cumulativeCounts.append(cumulativeCounts.last ?? 0)
            }
            cumulativeCounts[cumulativeCounts.count - 1] += 1
            inverse[index] = values.count - 1
        }
    }
}
