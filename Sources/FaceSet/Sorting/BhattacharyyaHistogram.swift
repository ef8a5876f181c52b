import Imaging

/// A 256-bin histogram of one `uint8` channel (`cv2.calcHist([image], [c], None, [256],
/// [0, 256])`) kept in the form the Bhattacharyya distance needs: the square roots of the
/// counts and their total.
struct BhattacharyyaHistogram: Sendable, Hashable {
    /// √count for each of the 256 bins.
    var roots: [Double]
    /// Σ count (the number of pixels).
    var total: Double

    /// The histogram of channel `channel` of a `uint8` image.
    init(_ image: Image, channel: Int) {
        precondition(image.format == .uint8 && channel < image.channels, "BhattacharyyaHistogram: needs a uint8 channel")
        var bins = [Int](repeating: 0, count: 256)
        let stride = image.channels
        image.withUnsafeBufferPointer(as: UInt8.self) { pixels in
            var index = channel
            while index < pixels.count {
                bins[Int(pixels[index])] += 1
                index += stride
            }
        }
        roots = bins.map { Double($0).squareRoot() }
        total = Double(bins.reduce(0, +))
    }

    /// `cv2.compareHist(self, other, HISTCMP_BHATTACHARYYA)`:
    /// √max(1 − Σ√(aᵢbᵢ) / √(Σa·Σb), 0). Σ√aᵢ·√bᵢ replaces Σ√(aᵢbᵢ) (equal up to rounding,
    /// about 1e-16 relative), so the roots are taken once per image instead of once per pair.
    func distance(to other: BhattacharyyaHistogram) -> Double {
        var overlap = 0.0
        for bin in 0..<256 { overlap += roots[bin] * other.roots[bin] }
        return Self.distance(overlap: overlap, totals: total * other.total)
    }

    /// The distance from the overlap Σ√(aᵢbᵢ) and the product of the totals, finished as
    /// OpenCV finishes it.
    static func distance(overlap: Double, totals: Double) -> Double {
        let scale = abs(totals) > Double(Float.ulpOfOne) ? 1 / totals.squareRoot() : 1
        return max(1 - overlap * scale, 0).squareRoot()
    }

    /// Σ over the other histograms of the distance to histogram `index`, in index order
    /// (DFL's histogram dissimilarity score).
    static func dissimilarity(of index: Int, among histograms: [BhattacharyyaHistogram]) -> Double {
        var score = 0.0
        for other in histograms.indices where other != index {
            score += histograms[index].distance(to: histograms[other])
        }
        return score
    }
}
