import FaceGeometry
import FaceSet
import Imaging

/// DFL's `SampleProcessor` for the swap models (reference §7.3): turns one sample into what a
/// training step reads, at the model's resolution and face type.
///
/// The face is converted to the model's face type (a linear warp from the sample's landmarks,
/// replicated borders) or resized (cubic) when the types match; its mask is the applied XSeg
/// mask, else the default mask (`defaultMask`: DFL's landmark hull, or with the mesh hull).
/// Then DFL's random transform (and warp, for the network's input) of `SampleWarp` is applied.
/// All outputs are float32 in 0…1.
public struct SampleProcessor: SampleProcessing {
    /// What one processed sample holds.
    public struct Output: Sendable {
        /// The randomly warped and transformed face (BGR): the network's input.
        public var warped: Image
        /// The transformed face without the warp (BGR): what the output should be.
        public var target: Image
        /// The face mask, transformed like `target` (one channel).
        public var mask: Image
        /// Eyes and mouth (one channel), inside the face mask, scaled so its maximum is 1.
        public var eyesMouthMask: Image
    }

    /// Side of the model's square faces in pixels.
    public var resolution: Int
    /// The model's face type.
    public var faceType: FaceType
    /// Warp the network's input (DFL's `random_warp`).
    public var randomWarp: Bool
    /// Mirror faces at random (`random_src_flip` / `random_dst_flip`).
    public var randomFlip: Bool
    /// The ranges of the random transform (SAEHD widens the scale to ±15 %).
    public var ranges: SampleWarp.Ranges
    /// DFL's `random_hsv_power`, 0–0.3: how far the network's input shifts in hue, saturation
    /// and value (0: not at all). The target keeps its colour.
    public var hsvPower: Double
    /// Draw faces evenly over head turn (`uniform_yaw`, §7.4) instead of evenly over faces.
    public var uniformYaw: Bool
    /// DFL's `ct_mode` for src faces: recolour each face towards a random dst face (nil: none).
    public var colorTransfer: ColorTransfer?
    /// The mask of faces without an applied XSeg mask (`default_mask`); the mesh hull needs the
    /// sample's `meshPoints` and falls back to DFL's hull without them.
    public var defaultMask: DefaultFaceMask

    public init(resolution: Int, faceType: FaceType, randomWarp: Bool = true, randomFlip: Bool = false,
                ranges: SampleWarp.Ranges = .saehd, hsvPower: Double = 0, uniformYaw: Bool = false,
                colorTransfer: ColorTransfer? = nil, defaultMask: DefaultFaceMask = .hull) {
        self.resolution = resolution
        self.faceType = faceType
        self.randomWarp = randomWarp
        self.randomFlip = randomFlip
        self.ranges = ranges
        self.hsvPower = hsvPower
        self.uniformYaw = uniformYaw
        self.colorTransfer = colorTransfer
        self.defaultMask = defaultMask
    }

    /// `sample` processed with random draws from `random`; with `colorTransfer`, recoloured
    /// towards `colorReference` (a dst face as stored, bilinear-resized to the model's size, not
    /// converted to its face type, as DFL does) before the HSV shift and the warp.
    public func process(_ sample: TrainingSample, colorReference: TrainingSample? = nil,
                       using random: inout some RandomNumberGenerator) throws -> Output {
        var ranges = self.ranges
        ranges.flip = randomFlip
        let warp = SampleWarp.random(size: resolution, ranges: ranges, using: &random)
        var face = converted(sample.image.converted(to: .float32), sample: sample, isMask: false)
        if let colorTransfer, let colorReference {
            let reference = colorReference.image.converted(to: .float32)
                .resized(width: resolution, height: resolution, interpolation: .linear)
            do {
                face = try colorTransfer.apply(face, reference: reference, using: &random)
            } catch {
                throw FacesetError(file: sample.name, reason: "colour transfer \(colorTransfer.rawValue) towards \(colorReference.name) failed: \(error.message)")
            }
        }
        let sampleMask = faceMask(of: sample)
        let mask = converted(sampleMask, sample: sample, isMask: true)
        let features = converted(featureMask(of: sample, inside: sampleMask), sample: sample, isMask: true)
        let target = warp.apply(to: face, warp: false, transform: true, isMask: false)
        let shifted = hsvPower > 0 ? Self.hsvShifted(face, power: hsvPower, using: &random) : face
        let warped = warp.apply(to: shifted, warp: randomWarp, transform: true, isMask: false)
        let targetMask = warp.apply(to: mask, warp: false, transform: true, isMask: true)
        var eyesMouth = warp.apply(to: features, warp: false, transform: true, isMask: true)
        let peak = eyesMouth.pixels(as: Float.self).max() ?? 0
        if peak > 0 { eyesMouth = eyesMouth.converted(to: .float32, scale: 1 / Double(peak)) }
        return Output(warped: warped.clippedToUnit(), target: target.clippedToUnit(), mask: targetMask.clippedToUnit(), eyesMouthMask: eyesMouth.clippedToUnit())
    }

    /// The batch of `outputs`, stacked.
    public func batch(_ outputs: [Output]) throws -> TrainingBatch {
        try TrainingBatch(outputs)
    }

    /// DFL's random HSV shift of power `a` on a float BGR image (`SampleProcessor.py`): hue by a
    /// whole number of degrees in ±max(1, int(180·a)) (wrapping), saturation and value by
    /// (U − 0.5)·a each, clipped to 0…1, in OpenCV's float HSV.
    static func hsvShifted(_ image: Image, power a: Double, using random: inout some RandomNumberGenerator) -> Image {
        let hueAmount = max(1, Int(360 * a * 0.5))
        let hue = Float(Int.random(in: -hueAmount...hueAmount, using: &random))
        let saturation = Float((Double.random(in: 0..<1, using: &random) - 0.5) * a)
        let value = Float((Double.random(in: 0..<1, using: &random) - 0.5) * a)
        return image.hsvShifted(hue: hue, saturation: saturation, value: value)
    }

    /// The applied XSeg mask (resized to the face when its size differs), else the default mask.
    func faceMask(of sample: TrainingSample) -> Image {
        let (width, height) = (sample.image.width, sample.image.height)
        if let xseg = sample.xsegMask {
            let sized = xseg.width == width && xseg.height == height ? xseg : xseg.resized(width: width, height: height, interpolation: .cubic)
            return sized.clippedToUnit()
        }
        if defaultMask.usesMesh(for: faceType), let mesh = sample.meshPoints {
            return MeshHullMask.mask(width: width, height: height, landmarks: sample.landmarks, meshPoints: mesh,
                                     eyebrowsExpandMod: sample.eyebrowsExpandMod).converted(to: .float32, scale: 1)
        }
        return FaceHullMask.mask(width: width, height: height, landmarks: sample.landmarks.map(SIMD2<Double>.init),
                                 eyebrowsExpandMod: sample.eyebrowsExpandMod).converted(to: .float32, scale: 1)
    }

    /// DFL's EYES_MOUTH mask: clip(eyes + mouth, 0, 1) inside the binarised face mask `faceMask`
    /// (the sample's `faceMask(of:)`).
    func featureMask(of sample: TrainingSample, inside faceMask: Image) -> Image {
        let (width, height) = (sample.image.width, sample.image.height)
        let eyes = FeatureMask.eyes(width: width, height: height, landmarks: sample.landmarks).pixels(as: Float.self)
        let mouth = FeatureMask.mouth(width: width, height: height, landmarks: sample.landmarks).pixels(as: Float.self)
        let inside = faceMask.pixels(as: Float.self)
        let values = (0..<eyes.count).map { min(max(eyes[$0] + mouth[$0], 0), 1) * (inside[$0] != 0 ? 1 : 0) }
        return Image(width: width, height: height, channels: 1, pixels: values)
    }

    /// An image of the sample (its face, or a mask of its size) brought to the model's face type
    /// and resolution.
    public func converted(_ image: Image, sample: TrainingSample, isMask: Bool) -> Image {
        sample.converted(image, toFaceType: faceType, resolution: resolution, warp: .linear, resize: isMask ? .linear : .cubic,
                         border: isMask ? .constant(.zero) : .replicate)
    }

}
