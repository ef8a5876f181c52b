import FaceGeometry
import Imaging
import Training

/// DFL's per-face merge (`merger/MergeMasked.py MergeMaskedFace`, reference §8.2), split where the
/// networks run so a batch of faces shares each network call: `prepare` cuts the frame's face out
/// (steps 1–4), the predictor runs, `predictionAtOutputSize` applies super-resolution (step 5), the
/// XSeg model runs on `segmenterInput`s, and `merge` does the rest (steps 6–10).
///
/// Every warp reads or writes only the frame's `PixelRegion` that the face reaches, so the cost
/// follows the face's size; the results are DFL's, which warps whole frames.
public struct FaceMerger: Sendable {
    public var settings: MergeSettings
    /// The model's resolution R.
    public let resolution: Int
    /// The model's face type.
    public let faceType: FaceType
    /// The XSeg model's input size (256 for DFL's).
    public let segmenterResolution: Int

    /// Pixels added around a face's region for the cubic kernel's reach.
    static let regionMargin = 4

    public init(settings: MergeSettings, resolution: Int, faceType: FaceType, segmenterResolution: Int = 256) {
        self.settings = settings
        self.resolution = resolution
        self.faceType = faceType
        self.segmenterResolution = segmenterResolution
    }

    /// The face square's size: R, or 4R with super-resolution.
    public var outputSize: Int { settings.superResolutionPower != 0 ? 4 * resolution : resolution }
    /// The mask's working size, 4R.
    public var maskSize: Int { 4 * resolution }

    /// A frame's face cut out for the networks (steps 1–4).
    public struct PreparedFace: Sendable {
        /// The part of the frame the face can change.
        public var region: PixelRegion
        /// The frame's size.
        var frameWidth: Int
        var frameHeight: Int
        /// The frame in `region`, float32 BGR.
        var background: Image
        /// Frame→face matrices: the face square, the scaled output square, the scaled 4R mask square.
        var faceMatrix: AffineMatrix
        var outputMatrix: AffineMatrix
        var maskOutputMatrix: AffineMatrix
        /// The frame's face at the output size (DFL's `dst_face_bgr`) and its landmark hull.
        public var destinationFace: Image
        var destinationHull: Image
        /// The model's input: the frame's face at R.
        public var modelInput: Image
        /// The XSeg model's input for `XSeg-dst`: the frame's face at its size.
        public var segmenterInput: Image?
    }

    /// Steps 1–4 for the face with `landmarks` (68 points, frame pixels) in `frame` (uint8 BGR).
    /// `meshPoints`: the face mesh's vertices in frame pixels, for `default_mask` mesh (the `dst`
    /// hull then covers the forehead too; ignored unless `settings.usesMeshHull(for: faceType)`).
    public func prepare(frame: Image, landmarks: [SIMD2<Float>], meshPoints: [SIMD2<Float>]? = nil) -> PreparedFace {
        let scale = 1 + 0.01 * Double(settings.outputFaceScale)
        let faceMatrix = FaceAlignment.transform(landmarks: landmarks, size: outputSize, faceType: faceType)
        let outputMatrix = FaceAlignment.transform(landmarks: landmarks, size: outputSize, faceType: faceType, scale: scale)
        let maskOutputMatrix = maskSize == outputSize
            ? outputMatrix : FaceAlignment.transform(landmarks: landmarks, size: maskSize, faceType: faceType, scale: scale)
        let segmenterMatrix = FaceAlignment.transform(landmarks: landmarks, size: segmenterResolution, faceType: faceType)
        let region = region(frame: frame, squares: [(outputSize, faceMatrix), (outputSize, outputMatrix),
                                                     (maskSize, maskOutputMatrix), (segmenterResolution, segmenterMatrix)])
        let background = region.crop(frame).converted(to: .float32)
        let origin = SIMD2(region.x, region.y)
        let hull = if let meshPoints, settings.usesMeshHull(for: faceType) {
            MeshHullMask.mask(width: region.width, height: region.height, landmarks: landmarks, meshPoints: meshPoints,
                              origin: origin).converted(to: .float32, scale: 1)
        } else {
            FaceHullMask.mask(width: region.width, height: region.height, landmarks: landmarks.map(SIMD2<Double>.init),
                              origin: origin).converted(to: .float32, scale: 1)
        }
        let destinationFace = background.warpedAffine(region.fromRegion(faceMatrix), width: outputSize, height: outputSize,
                                                      interpolation: .cubic).clippedToUnit()
        let destinationHull = hull.warpedAffine(region.fromRegion(faceMatrix), width: outputSize, height: outputSize,
                                                interpolation: .cubic).clippedToUnit()
        let modelInput = outputSize == resolution
            ? destinationFace : destinationFace.resized(width: resolution, height: resolution, interpolation: .linear)
        let segmenterInput = settings.maskMode.factors.contains(.xsegDestination)
            ? background.warpedAffine(region.fromRegion(segmenterMatrix), width: segmenterResolution, height: segmenterResolution,
                                      interpolation: .cubic)
            : nil
        return PreparedFace(region: region, frameWidth: frame.width, frameHeight: frame.height, background: background, faceMatrix: faceMatrix, outputMatrix: outputMatrix,
                            maskOutputMatrix: maskOutputMatrix, destinationFace: destinationFace, destinationHull: destinationHull,
                            modelInput: modelInput, segmenterInput: segmenterInput)
    }

    /// The frame's part that the face squares reach, or the whole frame when the settings change
    /// all of it (or the squares miss the frame).
    private func region(frame: Image, squares: [(size: Int, matrix: AffineMatrix)]) -> PixelRegion {
        let whole = PixelRegion.whole(width: frame.width, height: frame.height)
        guard !settings.changesWholeFrame else { return whole }
        let regions = squares.compactMap {
            PixelRegion.covering(square: $0.size, frameToFace: $0.matrix, margin: Self.regionMargin,
                                 frameWidth: frame.width, frameHeight: frame.height)
        }
        guard regions.count == squares.count else { return whole }
        return regions.dropFirst().reduce(regions[0]) { $0.union($1) }
    }

    /// The model's prediction at the output size (step 5).
    public struct Prediction: Sendable {
        public var face: Image
        public var predictedMask: Image
        public var destinationMask: Image
        /// The XSeg model's input for `XSeg-prd`: the predicted face at its size.
        public var segmenterInput: Image?
    }

    /// Step 5: `predicted` as it is, or with super-resolution blended in from `enhanced` (the
    /// predicted face ×4) and the masks enlarged to match.
    public func predictionAtOutputSize(_ predicted: PredictedFace, enhanced: Image?) -> Prediction {
        var prediction = Prediction(face: predicted.face, predictedMask: predicted.predictedMask,
                                    destinationMask: predicted.destinationMask, segmenterInput: nil)
        if settings.superResolutionPower != 0, let enhanced {
            let power = Float(settings.superResolutionPower) / 100
            let size = outputSize
            prediction.face = predicted.face.resized(width: size, height: size, interpolation: .linear)
                .combining(enhanced) { $0 * (1 - power) + $1 * power }.clippedToUnit()
            prediction.predictedMask = predicted.predictedMask.resized(width: size, height: size, interpolation: .cubic)
            prediction.destinationMask = predicted.destinationMask.resized(width: size, height: size, interpolation: .cubic)
        }
        if settings.maskMode.factors.contains(.xsegPredicted) {
            prediction.segmenterInput = prediction.face.resized(width: segmenterResolution, height: segmenterResolution,
                                                                interpolation: .cubic)
        }
        return prediction
    }

    /// Steps 6–10: the face merged into its region of the frame. `segmentedPrediction` and
    /// `segmentedDestination` are the XSeg model's masks of the two `segmenterInput`s (needed by
    /// the XSeg mask modes); `random` draws the random colour transfers' rotations and directions.
    public func merge(_ face: PreparedFace, _ prediction: Prediction, segmentedPrediction: Image?, segmentedDestination: Image?,
                      motion: FaceMotion, random: inout SeededRandom) throws -> MergedFace {
        let size = outputSize, region = face.region
        var work = WorkMask.combined(try settings.maskMode.factors.map { factor -> Image in
            switch factor {
            case .landmarkHull: return face.destinationHull
            case .learnedPredicted: return prediction.predictedMask
            case .learnedDestination: return prediction.destinationMask
            case .xsegPredicted: return try atOutputSize(segmentedPrediction, factor: factor)
            case .xsegDestination: return try atOutputSize(segmentedDestination, factor: factor)
            }
        }, adding: settings.maskMode.addsFactors, size: size)
        if work.width != maskSize {
            work = work.resized(width: maskSize, height: maskSize, interpolation: .cubic)
        }
        if !settings.mode.isRaw {
            work = WorkMask.shaped(work, padding: resolution, erode: settings.erodeMaskModifier, blur: settings.blurMaskModifier)
        }
        let frameMask = work.warpedAffine(region.fromRegion(face.maskOutputMatrix), width: region.width, height: region.height,
                                          interpolation: .cubic, inverse: true)
            .mappingValues { value in let clipped = min(max(value, 0), 1); return clipped < 1 / 255 ? 0 : clipped }
        if work.width != size {
            work = work.resized(width: size, height: size, interpolation: .cubic)
        }
        func result(_ image: Image, _ mask: Image, warning: String? = nil) -> MergedFace {
            MergedFace(canvasWidth: face.frameWidth, canvasHeight: face.frameHeight, region: region, image: image, mask: mask, replacesFrame: false, warning: warning)
        }
        switch settings.mode {
        case .original:
            return result(face.background, frameMask)
        case .rawRGB:
            let square = pasted(prediction.face, face.outputMatrix, region: region)
            let coverage = pasted(Image(width: size, height: size, channels: 1, repeating: Float(1)), face.outputMatrix, region: region)
            return result(face.background.blended(with: square, mask: coverage).clippedToUnit(), frameMask)
        case .rawPredict:
            return MergedFace(canvasWidth: size, canvasHeight: size, region: .whole(width: size, height: size),
                              image: prediction.face.clippedToUnit(), mask: work, replacesFrame: true, warning: nil)
        case .overlay, .histMatch, .seamless, .seamlessHistMatch:
            guard let bounds = Self.bounds(of: frameMask, above: 0.1), min(bounds.width - 1, bounds.height - 1) >= 4 else {
                return result(face.background, frameMask)
            }
            let area = work.mappingValues { $0 > 0 ? 1 : 0 }
            var predicted = prediction.face
            if !settings.mode.isSeamless {
                predicted = try transferColor(predicted, toward: face.destinationFace, area: area, random: &random)
            }
            if settings.mode == .histMatch {
                predicted = try histogramMatched(predicted, toward: face.destinationFace, area: area)
            }
            var out = pasted(predicted, face.outputMatrix, region: region).clippedToUnit()
            var warning: String?
            if settings.mode.isSeamless {
                (out, warning) = seamlesslyCloned(out, into: face.background, frameMask: frameMask)
            }
            out = face.background.blended(with: out, mask: frameMask)
            out = try finished(out, face: face, area: area, frameMask: frameMask, motion: motion, random: &random)
            return result(out, frameMask, warning: warning)
        }
    }

    /// An XSeg mask at the output size; throws when the mask mode needs one that was not made.
    private func atOutputSize(_ mask: Image?, factor: MaskMode.Factor) throws -> Image {
        guard let mask else {
            throw MergerError("mask mode \(settings.maskMode.rawValue) needs an XSeg model, and none was given: train one (masque xseg train) or copy DFL's XSeg_256.npy into the model folder, or choose another mask mode")
        }
        return mask.resized(width: outputSize, height: outputSize, interpolation: .cubic)
    }

    /// The face square warped back into the frame's region (`WARP_INVERSE_MAP`, cubic, zero outside).
    private func pasted(_ square: Image, _ matrix: AffineMatrix, region: PixelRegion) -> Image {
        square.warpedAffine(region.fromRegion(matrix), width: region.width, height: region.height, interpolation: .cubic, inverse: true)
    }

    /// Step 10b: the colour transfer of the settings, with the binary face area as both masks.
    private func transferColor(_ image: Image, toward reference: Image, area: Image, random: inout SeededRandom) throws -> Image {
        guard let transfer = settings.colorTransfer else { return image }
        return try transfer.apply(image, reference: reference, imageMask: area, referenceMask: area, using: &random)
    }

    /// Step 10c: DFL's hist-match, inside the face area when `masked_hist_match` (white outside).
    private func histogramMatched(_ image: Image, toward reference: Image, area: Image) throws -> Image {
        let weights = settings.maskedHistMatch ? area : Image(width: area.width, height: area.height, channels: 1, repeating: Float(1))
        let white = Image(width: image.width, height: image.height, channels: 3, repeating: Float(1))
        let source = white.blended(with: image, mask: weights).mappingValues { min($0, 1) }
        let target = white.blended(with: reference, mask: weights)
        return try HistogramMatch.apply(source, reference: target, threshold: settings.histMatchThreshold)
    }

    /// Steps 10d and 10f: OpenCV's seamless clone of the pasted face into the frame, over the
    /// mask's pixels above the first tenth some pixel exceeds, centred on their bounding box.
    private func seamlesslyCloned(_ pasted: Image, into background: Image, frameMask: Image) -> (Image, String?) {
        guard let threshold = (1...9).map({ Float($0) / 10 }).first(where: { level in Self.bounds(of: frameMask, above: level) != nil }),
              let box = Self.bounds(of: frameMask, above: threshold) else { return (pasted, nil) }
        let clone = frameMask.mappingValues { $0 > threshold ? 255 : 0 }.converted(to: .uint8, scale: 1)
        let center = (x: Int(Double(box.x) + Double(box.width) / 2), y: Int(Double(box.y) + Double(box.height) / 2))
        do {
            let blended = try background.converted(to: .uint8).seamlessCloned(Self.truncatedToBytes(pasted), mask: clone, center: center)
            return (blended.converted(to: .float32), nil)
        } catch {
            return (pasted, "seamless clone skipped: \(error.reason)")
        }
    }

    /// Step 10h–i: the face's colour after a seamless blend, motion blur, blur/sharpen, the
    /// frame's denoise and bicubic degrade, and colour degrade, as the settings ask.
    private func finished(_ merged: Image, face: PreparedFace, area: Image, frameMask: Image, motion: FaceMotion,
                          random: inout SeededRandom) throws -> Image {
        var out = merged
        let s = settings
        let motionKernel = Int(motion.power * Double(s.motionBlurPower) / 100)
        if (s.mode.isSeamless && s.colorTransfer != nil) || s.mode == .seamlessHistMatch || s.motionBlurPower != 0
            || s.blurSharpenAmount != 0 || s.imageDenoisePower != 0 || s.bicubicDegradePower != 0 {
            let region = face.region
            var faceImage = out.warpedAffine(region.fromRegion(face.faceMatrix), width: outputSize, height: outputSize, interpolation: .cubic)
            if s.mode.isSeamless {
                faceImage = try transferColor(faceImage, toward: face.destinationFace, area: area, random: &random)
            }
            if s.mode == .seamlessHistMatch {
                faceImage = try HistogramMatch.apply(faceImage, reference: face.destinationFace, threshold: s.histMatchThreshold)
            }
            if s.motionBlurPower != 0, motionKernel >= 1 {
                let kernel = min(max(motionKernel + 1, 2), 50) * (s.superResolutionPower != 0 ? 2 : 1)
                faceImage = faceImage.linearMotionBlurred(kernelSize: kernel, angle: motion.degrees)
            }
            if s.blurSharpenAmount != 0 {
                faceImage = faceImage.blurSharpened(mode: s.sharpenMode, kernelSize: 3, amount: s.blurSharpenAmount)
            }
            var background = face.background
            var denoise = s.imageDenoisePower
            while denoise > 0 {
                let denoised = background.medianBlurred(kernelSize: 5)
                if denoise / 100 != 0 {
                    background = denoised
                } else {
                    let power = Float(denoise % 100) / 100
                    background = background.combining(denoised) { $0 * (1 - power) + $1 * power }
                }
                denoise = max(denoise - 10, 0)
            }
            if s.bicubicDegradePower != 0 {
                let keep = 1 - Double(s.bicubicDegradePower) / 101
                background = background
                    .resized(width: max(1, Int(Double(background.width) * keep)), height: max(1, Int(Double(background.height) * keep)),
                             interpolation: .cubic)
                    .resized(width: background.width, height: background.height, interpolation: .cubic)
            }
            let newFace = pasted(faceImage, face.faceMatrix, region: region)
            out = background.blended(with: newFace, mask: frameMask).clippedToUnit()
        }
        if s.colorDegradePower != 0 {
            let reduced = out.reducedToPalette(colors: 256)
            let power = Float(s.colorDegradePower) / 100
            out = s.colorDegradePower == 100 ? reduced : out.combining(reduced) { $0 * (1 - power) + $1 * power }
        }
        return out
    }

    /// The bounding box (x, y, width, height in pixels, DFL's `boundingRect`) of the pixels above
    /// `level`, or nil when none is.
    static func bounds(of mask: Image, above level: Float) -> PixelRegion? {
        var (minX, minY, maxX, maxY) = (Int.max, Int.max, -1, -1)
        mask.withUnsafeBufferPointer(as: Float.self) { values in
            for y in 0..<mask.height {
                let row = y * mask.width
                for x in 0..<mask.width where values[row + x] > level {
                    minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                }
            }
        }
        guard maxX >= 0 else { return nil }
        return PixelRegion(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    /// `(image·255).astype(uint8)`: truncation, as DFL converts, clamped to 0…255.
    static func truncatedToBytes(_ image: Image) -> Image {
        var bytes = Image(width: image.width, height: image.height, channels: image.channels, format: .uint8)
        image.withUnsafeBufferPointer(as: Float.self) { values in
            bytes.withUnsafeMutableBufferPointer(as: UInt8.self) { target in
                for index in values.indices {
                    let value = values[index] * 255
                    target[index] = value.isNaN ? 0 : UInt8(min(max(value, 0), 255))
                }
            }
        }
        return bytes
    }
}
