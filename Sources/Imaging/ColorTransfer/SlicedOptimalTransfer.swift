/// DFL's `sot` (and `sot-m` on masked images): sliced optimal transport of the colours, then a
/// bilateral filter of the displacement (`core/imagelib/color_transfer.py`, `color_transfer_sot`).
enum SlicedOptimalTransfer {
    /// Iterations; each moves every pixel by the mean of `batch` 1-D transports.
    static let defaultSteps = 10
    /// Random directions per step in training's sot and in mix-m.
    static let defaultBatch = 5
    /// Random directions per step in the merger's sot-m.
    static let mergerBatch = 30
    /// The regularising bilateral filter's spatial sigma, pixels (`reg_sigmaXY`).
    static let spatialSigma = 16.0
    /// The bilateral filter's colour sigma, in the pixels' units (`reg_sigmaV`).
    static let colorSigma = 5.0

    /// Interleaved 3-channel `image` pixels (width × height) moved towards `reference`'s (the
    /// same size) with the given float32 unit directions, `directions[step][k]`. Per step: for
    /// each direction project both images, sort both projections, move the image's k-th smallest
    /// pixel by (reference's k-th − image's k-th)·direction; add the mean move over the batch.
    /// Then `image₀ + bilateralFilter(image − image₀, d = 0, σ_color 5, σ_space 16)`. Float32 as
    /// DFL; not clipped. Equal projections keep pixel order (DFL's `np.argsort` leaves their
    /// order unspecified).
    static func transfer(_ image: [Float], toward reference: [Float], width: Int, height: Int,
                         directions: [[SIMD3<Float>]]) -> [Float] {
        precondition(image.count == width * height * 3 && reference.count == image.count,
                     "SlicedOptimalTransfer: pixel counts \(image.count), \(reference.count) for \(width)x\(height)x3")
        let pixelCount = width * height
        var current = image
        var advect = [Float](repeating: 0, count: image.count)
        for batchDirections in directions {
            advect.withUnsafeMutableBufferPointer { advect in
                for index in advect.indices { advect[index] = 0 }
                for direction in batchDirections {
                    let imageProjection = project(current, direction)
                    let referenceProjection = project(reference, direction)
                    let imageOrder = StableFloatOrder.ascending(imageProjection)
                    let referenceOrder = StableFloatOrder.ascending(referenceProjection)
                    for rank in 0..<pixelCount {
                        let pixel = imageOrder[rank]
                        let distance = referenceProjection[referenceOrder[rank]] - imageProjection[pixel]
                        for channel in 0..<3 {
                            advect[pixel * 3 + channel] += distance * direction[channel]
                        }
                    }
                }
            }
            let batchSize = Float(batchDirections.count)
            for index in current.indices {
                current[index] += advect[index] / batchSize
            }
        }
        let displacement = zip(current, image).map { $0 - $1 }
        let filtered = Image(width: width, height: height, channels: 3, pixels: displacement)
            .bilateralFiltered(diameter: 0, sigmaColor: colorSigma, sigmaSpace: spatialSigma)
            .pixels(as: Float.self)
        return zip(image, filtered).map { $0 + $1 }
    }

    /// Each pixel's `(x0·d0 + x1·d1) + x2·d2` in float32 (`np.sum(x·d, axis=-1)`).
    private static func project(_ pixels: [Float], _ direction: SIMD3<Float>) -> [Float] {
        pixels.withUnsafeBufferPointer { pixels in
            [Float](unsafeUninitializedCapacity: pixels.count / 3) { projection, count in
                for pixel in 0..<(pixels.count / 3) {
                    let x0 = pixels[pixel * 3] * direction[0]
                    let x1 = pixels[pixel * 3 + 1] * direction[1]
                    let x2 = pixels[pixel * 3 + 2] * direction[2]
                    projection[pixel] = (x0 + x1) + x2
                }
                count = pixels.count / 3
            }
        }
    }
}
