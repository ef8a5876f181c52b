import FaceGeometry
import FaceSet
import Imaging

/// DFL's XSeg samples (reference §4.4): one processor for the three streams `Model_XSeg` reads.
///
/// - `training` (`samplelib/SampleGeneratorFaceXSeg.py`): a labelled face and its mask — the
///   label polygons rasterised at the image's size, else the applied XSeg mask binarised at 0.5 —
///   brought to the model's face type (LANCZOS4 resize, or a LANCZOS4 warp from the landmarks with
///   zero borders); with probability 1/2 the background of another labelled face mixed in;
///   DFL's random warp and transform (flip, rotation ±10°, scale ±0.05, shift ±0.05, grid warp
///   on; bicubic for face and mask), the face clipped and the mask binarised at 0.5; then face
///   and background flares, an HSV shift or RGB levels, sharpen or motion + Gaussian blur, a
///   nearest or bilinear down-up resize and a JPEG re-compression, each in a random faded circle
///   (`SampleAugmentation`).
/// - `pretraining` (`SampleGeneratorFace` with warp, transform and flip): the face (cubic
///   face-type conversion, replicated borders) randomly warped and transformed, and as the target
///   its grey (`cv2.COLOR_BGR2GRAY`) — what the pretraining loss compares the output with.
/// - `plain` (the src and dst preview generators): the face as stored, brought to the face type
///   (cubic, zero borders), nothing random.
///
/// Masque's one deliberate change: an applied mask of another size than the image (DFL stores
/// them at 256) is resized to the image first, where DFL warps the 256 mask with a matrix made for
/// the image's size when the face types differ.
public struct XSegSampleProcessor: SampleProcessing {
    /// Which of DFL's XSeg streams this processor makes.
    public enum Mode: Sendable, Equatable {
        case training, pretraining, plain
    }

    /// What one processed face holds.
    public struct Output: Sendable {
        /// The face the network takes (BGR, 0…1).
        public var image: Image
        /// The binary label mask (`training`; one channel).
        public var mask: Image?
        /// The grey target (`pretraining`; one channel).
        public var target: Image?
    }

    /// Side of the model's square faces in pixels (DFL: 256).
    public var resolution: Int
    /// The model's face type.
    public var faceType: FaceType
    public var mode: Mode
    /// The labelled faces whose backgrounds `training` mixes in (DFL: the same labelled faces).
    public var backgrounds: [TrainingSample]
    /// DFL's XSeg generators draw evenly over faces.
    public let uniformYaw = false

    /// The chances (in 100) and sizes of DFL's XSeg filters.
    static let resizeChance = 25, resizeMaxPercent = 75, sharpenChance = 25, sharpenMaxKernel = 5
    static let motionBlurChance = 25, motionBlurMaxKernel = 5, gaussianBlurChance = 25, gaussianBlurMaxKernel = 5
    static let jpegChance = 25

    public init(resolution: Int, faceType: FaceType, mode: Mode, backgrounds: [TrainingSample] = []) {
        self.resolution = resolution
        self.faceType = faceType
        self.mode = mode
        self.backgrounds = backgrounds
    }

    /// `sample` made into this stream's output with draws from `random` (`colorReference` is not
    /// used: XSeg's backgrounds come from `backgrounds`).
    public func process(_ sample: TrainingSample, colorReference: TrainingSample? = nil,
                        using random: inout some RandomNumberGenerator) throws -> Output {
        switch mode {
        case .training: try training(sample, using: &random)
        case .pretraining: pretraining(sample, using: &random)
        case .plain: Output(image: converted(face(of: sample), sample: sample, interpolation: .cubic, border: .constant(.zero)))
        }
    }

    public func batch(_ outputs: [Output]) throws -> TrainingBatch {
        let masks = outputs.compactMap(\.mask), targets = outputs.compactMap(\.target)
        return TrainingBatch(warped: try TrainingBatch.stack(outputs.map(\.image)),
                             target: targets.count == outputs.count ? try TrainingBatch.stack(targets) : nil,
                             mask: masks.count == outputs.count ? try TrainingBatch.stack(masks) : nil)
    }

    /// The labelled face's image and mask at the model's face type and resolution (DFL's
    /// `gen_img_mask`).
    func labelled(_ sample: TrainingSample) throws -> (image: Image, mask: Image) {
        let image = face(of: sample)
        let mask = try labelMask(of: sample)
        return (converted(image, sample: sample, interpolation: .lanczos4, border: .constant(.zero)),
                converted(mask, sample: sample, interpolation: .lanczos4, border: .constant(.zero)))
    }

    /// The label at the image's size: the polygons rasterised, else the applied mask (resized to
    /// the image, cubic) binarised at 0.5. Throws for a face with neither.
    func labelMask(of sample: TrainingSample) throws -> Image {
        let (width, height) = (sample.image.width, sample.image.height)
        if sample.hasXSegLabels { return XSegPolygon.mask(sample.xsegPolygons, width: width, height: height) }
        guard let applied = sample.xsegMask else {
            throw FacesetError(file: sample.name, reason: "has neither XSeg label polygons nor an applied XSeg mask to train on")
        }
        let sized = applied.width == width && applied.height == height ? applied : applied.resized(width: width, height: height, interpolation: .cubic)
        return Self.binarised(sized)
    }

    private func training(_ sample: TrainingSample, using random: inout some RandomNumberGenerator) throws -> Output {
        var (image, mask) = try labelled(sample)
        if Int.random(in: 0..<2, using: &random) == 0, !backgrounds.isEmpty {
            image = try mixedBackground(image, mask: mask, using: &random)
        }
        let warp = SampleWarp.random(size: resolution, ranges: SampleWarp.Ranges(), using: &random)
        image = SampleAugmentation.clipped(warp.apply(to: image, warp: true, transform: true, isMask: false, interpolation: .cubic))
        mask = Self.binarised(warp.apply(to: mask, warp: true, transform: true, isMask: true, interpolation: .cubic))
        return Output(image: try filtered(image, mask: mask, using: &random), mask: mask)
    }

    /// DFL's background mixing: another labelled face, rotated ±180°, scaled and shifted ±10 %,
    /// flipped at random (no grid warp), keeps its background `bg·(1 − bg_mask)`, shifted in HSV
    /// or levels (50/50); where neither face's mask is, the face becomes `img·r + bg·(1 − r)`,
    /// r ∈ U[0.15, 1).
    private func mixedBackground(_ image: Image, mask: Image, using random: inout some RandomNumberGenerator) throws -> Image {
        let other = backgrounds[Int.random(in: 0..<backgrounds.count, using: &random)]
        let (otherImage, otherMask) = try labelled(other)
        var ranges = SampleWarp.Ranges()
        (ranges.rotation, ranges.scale, ranges.translation) = (-180...180, -0.10...0.10, -0.10...0.10)
        let warp = SampleWarp.random(size: resolution, ranges: ranges, using: &random)
        let backgroundMask = warp.apply(to: otherMask, warp: false, transform: true, isMask: true, interpolation: .cubic)
        let warped = warp.apply(to: otherImage, warp: false, transform: true, isMask: false, interpolation: .cubic)
        var background = warped.blended(with: Image(width: resolution, height: resolution, channels: 3, repeating: Float(0)),
                                        mask: backgroundMask)
        background = Int.random(in: 0..<2, using: &random) == 0
            ? SampleAugmentation.randomHSVShift(background, using: &random)
            : SampleAugmentation.randomRGBLevels(background, using: &random)
        let r = Float(0.15 + Double.random(in: 0..<1, using: &random) * 0.85)
        let (face, back) = (image.pixels(as: Float.self), background.pixels(as: Float.self))
        let (m, bm) = (mask.pixels(as: Float.self), backgroundMask.pixels(as: Float.self))
        var values = face
        for i in 0..<face.count {
            let c = 1 - (1 - bm[i / 3]) * (1 - m[i / 3])
            values[i] = face[i] * c + face[i] * (1 - c) * r + back[i] * (1 - c) * (1 - r)
        }
        return Image(width: resolution, height: resolution, channels: 3, pixels: values)
    }

    /// DFL's photometric filters of an XSeg training face, in its order (reference §4.4 step 5).
    private func filtered(_ image: Image, mask: Image, using random: inout some RandomNumberGenerator) throws -> Image {
        typealias A = SampleAugmentation
        var image = image
        let size = resolution
        if Int.random(in: 0..<2, using: &random) == 0 { image = A.randomFlare(image, region: mask, using: &random) }
        if Int.random(in: 0..<2, using: &random) == 0 { image = A.randomFlare(image, region: Self.inverted(mask), using: &random) }
        if Int.random(in: 0..<2, using: &random) == 0 {
            image = A.randomHSVShift(image, mask: A.randomFadedCircle(size: size, using: &random), using: &random)
        } else {
            image = A.randomRGBLevels(image, mask: A.randomFadedCircle(size: size, using: &random), using: &random)
        }
        if Int.random(in: 0..<2, using: &random) == 0 {
            image = A.randomSharpen(image, chance: Self.sharpenChance, maxKernel: Self.sharpenMaxKernel,
                                    mask: A.randomFadedCircle(size: size, using: &random), using: &random)
        } else {
            image = A.randomMotionBlur(image, chance: Self.motionBlurChance, maxKernel: Self.motionBlurMaxKernel,
                                       mask: A.randomFadedCircle(size: size, using: &random), using: &random)
            image = A.randomGaussianBlur(image, chance: Self.gaussianBlurChance, maxKernel: Self.gaussianBlurMaxKernel,
                                         mask: A.randomFadedCircle(size: size, using: &random), using: &random)
        }
        let interpolation: Interpolation = Int.random(in: 0..<2, using: &random) == 0 ? .nearest : .linear
        image = A.randomDownUpResize(image, chance: Self.resizeChance, maxPercent: Self.resizeMaxPercent, interpolation: interpolation,
                                     mask: A.randomFadedCircle(size: size, using: &random), using: &random)
        image = A.clipped(image)
        return try A.randomJPEG(image, chance: Self.jpegChance, mask: A.randomFadedCircle(size: size, using: &random), using: &random)
    }

    private func pretraining(_ sample: TrainingSample, using random: inout some RandomNumberGenerator) -> Output {
        let image = converted(face(of: sample), sample: sample, interpolation: .cubic, border: .replicate)
        let warp = SampleWarp.random(size: resolution, ranges: SampleWarp.Ranges(), using: &random)
        let warped = SampleAugmentation.clipped(warp.apply(to: image, warp: true, transform: true, isMask: false))
        return Output(image: warped, target: warped.converted(.bgrToGray))
    }

    /// The stored face as `float32` BGR in 0…1.
    private func face(of sample: TrainingSample) -> Image {
        sample.image.format == .float32 ? sample.image : sample.image.converted(to: .float32)
    }

    /// An image of `sample` (its face or a mask of its size) at the model's face type and
    /// resolution: resized when the face types match (and the size differs), else warped with
    /// DFL's `get_transform_mat(landmarks, resolution, face_type)`.
    func converted(_ image: Image, sample: TrainingSample, interpolation: Interpolation, border: BorderMode) -> Image {
        sample.converted(image, toFaceType: faceType, resolution: resolution, warp: interpolation, resize: interpolation, border: border)
    }

    /// 1 where `mask` ≥ 0.5, else 0.
    static func binarised(_ mask: Image) -> Image {
        mask.binarized(at: 0.5)
    }

    /// `1 − mask`.
    private static func inverted(_ mask: Image) -> Image {
        mask.subtracted(from: 1)
    }
}
