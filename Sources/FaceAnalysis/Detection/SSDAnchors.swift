/// Anchor centres of MediaPipe's face detectors (`SsdAnchorsCalculator` with fixed anchor size,
/// as `face_detection_short_range_common.pbtxt` and `..._full_range_common.pbtxt` configure it),
/// in input coordinates 0…1.
enum SSDAnchors {
    /// For each layer stride s, a grid of (N / s)² cells; consecutive layers with the same stride
    /// share one grid and each cell repeats its centre `anchorsPerLayer` times per layer. Cells run
    /// row by row; centres sit at ((x + 0.5) / cells, (y + 0.5) / cells).
    static func centres(inputSize: Int, strides: [Int], anchorsPerLayer: Int) -> [SIMD2<Double>] {
        var centres: [SIMD2<Double>] = []
        var layer = 0
        while layer < strides.count {
            var last = layer
            while last < strides.count, strides[last] == strides[layer] { last += 1 }
            let repeats = (last - layer) * anchorsPerLayer
            let cells = inputSize / strides[layer]
            for y in 0..<cells {
                for x in 0..<cells {
                    let centre = SIMD2((Double(x) + 0.5) / Double(cells), (Double(y) + 0.5) / Double(cells))
                    centres += Array(repeating: centre, count: repeats)
                }
            }
            layer = last
        }
        return centres
    }
}
