import NN
import Tensors

/// SAEHD's reconstruction loss for one side (src or dst) as DFL computes it (reference §5.5),
/// per sample: DSSIM at DFL's filter sizes for the resolution, MSE, the eyes-and-mouth term,
/// and the learned-mask term, on faces masked by the blurred mask when training is masked.
/// (Style, true-face and GAN terms are separate.)
public struct SAEHDLoss: Sendable {
    /// Face side in pixels.
    public var resolution: Int
    /// Compare only inside the blurred target mask (`masked_training`).
    public var maskedTraining: Bool
    /// Add `300·mean|target·EM − pred·EM|` (`eyes_mouth_prio`).
    public var eyesMouthPriority: Bool
    /// Fill the target's surroundings with a normalised blur of its background (`blur_out_mask`).
    public var blurOutMask: Bool
    /// SAEHD clips the blurred mask at 0.5 and doubles it; Quick96 uses the blur as it is.
    public var stretchesBlurredMask: Bool
    /// The resolution from which DSSIM is taken at two filter sizes (SAEHD: 256; AMP: always, 0).
    public var twoFilterSizesFrom: Int

    public init(resolution: Int, maskedTraining: Bool = true, eyesMouthPriority: Bool = false, blurOutMask: Bool = false,
                stretchesBlurredMask: Bool = true, twoFilterSizesFrom: Int = 256) {
        self.resolution = resolution
        self.maskedTraining = maskedTraining
        self.eyesMouthPriority = eyesMouthPriority
        self.blurOutMask = blurOutMask
        self.stretchesBlurredMask = stretchesBlurredMask
        self.twoFilterSizesFrom = twoFilterSizesFrom
    }

    /// DFL's `M_blur`: `clip(gaussian_blur(M, max(1, R//32)), 0, 0.5)·2` (Quick96: the blur alone).
    public func blurredMask(_ mask: Tensor) -> Tensor {
        let blurred = gaussianBlur(mask, sigma: Double(max(1, resolution / 32)))
        return stretchesBlurredMask ? blurred.clamped(0, 0.5) * 2 : blurred
    }

    /// The target with `blur_out_mask` applied (else unchanged): inside the mask the face, outside
    /// it a blur of the background normalised by how much background the blur saw.
    public func preparedTarget(_ target: Tensor, mask: Tensor) -> Tensor {
        guard blurOutMask else { return target }
        let sigma = Double(resolution) / 128
        let outside = 1 - mask
        let coverage = 1 - gaussianBlur(mask, sigma: sigma)
        let safe = coverage + coverage.eq(0).to(coverage.dtype)
        return target * mask + gaussianBlur(target * outside, sigma: sigma) / safe * outside
    }

    /// What the loss compares: the (blur-out) target and the prediction, both multiplied by the
    /// blurred mask when training is masked (DFL's `gpu_target_src_masked_opt` and
    /// `gpu_pred_src_src_masked_opt`), and that blurred mask (nil when unmasked). The GAN's
    /// discriminator reads the same pair.
    public func compared(target: Tensor, prediction: Tensor, mask: Tensor) -> (target: Tensor, prediction: Tensor, blurredMask: Tensor?) {
        masked(preparedTarget(target, mask: mask), prediction: prediction, mask: mask)
    }

    /// `compared` for a target already through `preparedTarget`.
    private func masked(_ prepared: Tensor, prediction: Tensor, mask: Tensor) -> (target: Tensor, prediction: Tensor, blurredMask: Tensor?) {
        guard maskedTraining else { return (prepared, prediction, nil) }
        let blurred = blurredMask(mask)
        return (prepared * blurred, prediction * blurred, blurred)
    }

    /// DFL's image term alone, per sample (N,): DSSIM at the resolution's filter sizes (×10 under
    /// `twoFilterSizesFrom`; 5 + 5 at two sizes from there), channel-averaged.
    public func structuralTerm(_ t: Tensor, _ p: Tensor) -> Tensor {
        if resolution < twoFilterSizesFrom {
            return dssim(t, p, filterSize: Int(Double(resolution) / 11.6)).mean([1]) * 10
        }
        return dssim(t, p, filterSize: Int(Double(resolution) / 11.6)).mean([1]) * 5
            + dssim(t, p, filterSize: Int(Double(resolution) / 23.2)).mean([1]) * 5
    }

    /// The loss of each sample (N,): `target`, `prediction` (N, 3, R, R); `mask`, `eyesMouthMask`,
    /// `predictedMask` (N, 1, R, R), all in [0, 1].
    public func callAsFunction(target: Tensor, prediction: Tensor, mask: Tensor, eyesMouthMask: Tensor,
                               predictedMask: Tensor) -> Tensor {
        let prepared = preparedTarget(target, mask: mask)
        let (t, p, _) = masked(prepared, prediction: prediction, mask: mask)
        var loss = structuralTerm(t, p) + (t - p).square().mean([1, 2, 3]) * 10
        if eyesMouthPriority {
            loss = loss + (prepared * eyesMouthMask - prediction * eyesMouthMask).abs().mean([1, 2, 3]) * 300
        }
        return loss + (mask - predictedMask).square().mean([1, 2, 3]) * 10
    }
}
