import NN
import Support
import Tensors

/// One iteration of AMP (reference §6.1): src's code mixed with dst's by a fresh random channel
/// mask per sample (`morph_factor`), both sides through the decoder, SAEHD's per-side terms with
/// DSSIM at both filter sizes and the eyes-and-mouth term always on, dst's weak background terms,
/// the GAN's terms when `gan_power` is on; the gradient of the batch sum, one AdaBelief update of
/// the encoder and decoder only (DFL never optimises `inter_src`/`inter_dst`); then the GAN's step.
public final class AMPTrainingStep: @unchecked Sendable {
    /// DFL's learning rate for AMP (generator and GAN).
    public static let learningRate = 5e-5

    public let network: AMPNetwork
    public let optimizer: Optimizer
    /// SAEHD's per-side loss with AMP's settings (masked, eyes and mouth, two DSSIM filter sizes).
    public let loss: SAEHDLoss
    /// `morph_factor`, 0.1–0.5.
    public let morphFactor: Double
    /// `gan_power`, 0–5 (0: no discriminator).
    public let ganPower: Double
    /// The U-Net patch discriminator DFL names `GAN`, and its optimizer.
    public let patchDiscriminator: UNetPatchDiscriminator?
    public let patchOptimizer: Optimizer?
    /// Where the morph masks are drawn from.
    private let morphGenerator: Generator?

    /// A step for `network` with resolved `AMPOptions`: AdaBelief at 5e-5 over the encoder and
    /// decoder, learning-rate dropout 0.3 with the 500-iteration cosine when `lr_dropout` is `y` or
    /// `cpu`, global-norm clipping at 1 with `clipgrad`.
    public init(network: AMPNetwork, options: [String: OptionValue], generator: Generator? = nil) {
        self.network = network
        let dropout = ["y", "cpu"].contains(options["lr_dropout"]?.stringValue ?? "n")
        let rules = UpdateRules(learningRate: Self.learningRate, lrDropout: dropout ? 0.3 : nil, lrCosinePeriod: dropout ? 500 : nil,
                                clipNorm: options["clipgrad"] == .bool(true) ? 1 : nil)
        let trained = network.namedParameters().filter { $0.name.hasPrefix("encoder.") || $0.name.hasPrefix("decoder.") }
        optimizer = AdaBelief(trained, rules: rules, generator: generator)
        morphFactor = options["morph_factor"]?.doubleValue ?? 0.5
        ganPower = options["gan_power"]?.doubleValue ?? 0
        if ganPower > 0 {
            let critic = UNetPatchDiscriminator(patchSize: options["gan_patch_size"]?.intValue ?? network.dimensions.resolution / 8,
                                                baseChannels: options["gan_dims"]?.intValue ?? 16, generator: generator)
            patchDiscriminator = critic
            patchOptimizer = AdaBelief(critic.namedParameters(), rules: rules, generator: generator)
        } else {
            (patchDiscriminator, patchOptimizer) = (nil, nil)
        }
        // Drawn last, so every weight is drawn as before.
        let seed = generator.map { UInt64(Tensor.uniform([1], low: 0, high: 1_099_511_627_776, dtype: .float64, generator: $0).item()) }
        morphGenerator = seed.flatMap { try? Generator(seed: $0 ^ 0xA3F) }
        loss = SAEHDLoss(resolution: network.dimensions.resolution, maskedTraining: true, eyesMouthPriority: true,
                         blurOutMask: options["blur_out_mask"] == .bool(true), twoFilterSizesFrom: 0)
        if dropout, let seed { for optimizer in optimizers { optimizer.dropoutSeed = seed } }
    }

    /// The generator's and the GAN's optimizers.
    public var optimizers: [Optimizer] { [optimizer] + [patchOptimizer].compactMap { $0 } }

    /// The GAN as a checkpoint part under DFL's file name (`GAN`).
    public var checkpointParts: [CheckpointPart] {
        patchDiscriminator.map { [CheckpointPart(name: "GAN", module: $0, optimizer: patchOptimizer)] } ?? []
    }

    /// Trains on one batch; returns DFL's logged losses, the batch means of src_loss and dst_loss.
    @discardableResult
    public func callAsFunction(source: SAEHDTrainingStep.Side, destination: SAEHDTrainingStep.Side) throws -> (source: Float, destination: Float) {
        network.zeroGrad()
        let mask = network.morphMask(count: source.warped.shape[0], factor: morphFactor, generator: morphGenerator)
        let (total, sourceLoss, destinationLoss) = losses(source: source, destination: destination, morphMask: mask)
        try optimizer.backward(total)
        try optimizer.step()
        if let patchDiscriminator, let patchOptimizer {
            let compared = withoutGradients {
                let outputs = network(source: source.warped, destination: destination.warped, morphMask: mask)
                return (loss.compared(target: source.target, prediction: outputs.sourceFace, mask: source.mask),
                        loss.compared(target: destination.target, prediction: outputs.destinationFace, mask: destination.mask))
            }
            patchDiscriminator.zeroGrad()
            var terms: [Tensor] = []
            for side in [compared.0, compared.1] {
                let real = patchDiscriminator(side.target), fake = patchDiscriminator(side.prediction)
                terms += [sigmoidCrossEntropy(logits: real.center, label: 1), sigmoidCrossEntropy(logits: real.full, label: 1),
                          sigmoidCrossEntropy(logits: fake.center, label: 0), sigmoidCrossEntropy(logits: fake.full, label: 0)]
            }
            try patchOptimizer.backward((terms.dropFirst().reduce(terms[0], +) * (1.0 / 8)).sum())
            try patchOptimizer.step()
        }
        return (sourceLoss.mean().floats()[0], destinationLoss.mean().floats()[0])
    }

    /// The generator's forward pass with src's code mixed by `morphMask`: the total to
    /// differentiate and the per-sample src and dst losses.
    func losses(source: SAEHDTrainingStep.Side, destination: SAEHDTrainingStep.Side, morphMask: Tensor)
        -> (total: Tensor, source: Tensor, destination: Tensor) {
        let outputs = network(source: source.warped, destination: destination.warped, morphMask: morphMask)
        func stacked(_ a: Tensor, _ b: Tensor) -> Tensor { Tensor.cat([a, b], dim: 0) }
        let count = source.target.shape[0]
        let both = loss(target: stacked(source.target, destination.target),
                        prediction: stacked(outputs.sourceFace, outputs.destinationFace),
                        mask: stacked(source.mask, destination.mask),
                        eyesMouthMask: stacked(source.eyesMouthMask, destination.eyesMouthMask),
                        predictedMask: stacked(outputs.sourceMask, outputs.destinationMask))
        let (sourceLoss, destinationLoss) = (both.slice(0, 0, count), both.slice(0, count, both.shape[0]))
        let dst = loss.compared(target: destination.target, prediction: outputs.destinationFace, mask: destination.mask)
        let outside = 1 - dst.blurredMask!
        let (predictedOutside, targetOutside) = (outputs.destinationFace * outside, loss.preparedTarget(destination.target, mask: destination.mask) * outside)
        var total = sourceLoss + destinationLoss + (predictedOutside - targetOutside).square().mean([1, 2, 3]) * 0.1
            + totalVariationMSE(predictedOutside) * 1e-6
        if let patchDiscriminator {
            let src = loss.compared(target: source.target, prediction: outputs.sourceFace, mask: source.mask)
            let (s, d) = (patchDiscriminator(src.prediction), patchDiscriminator(dst.prediction))
            total = total + (sigmoidCrossEntropy(logits: s.center, label: 1) + sigmoidCrossEntropy(logits: s.full, label: 1)
                + sigmoidCrossEntropy(logits: d.center, label: 1) + sigmoidCrossEntropy(logits: d.full, label: 1)) * ganPower
            let sourceOutside = 1 - src.blurredMask!
            total = total + totalVariationMSE(outputs.sourceFace) * 1e-6
                + (outputs.sourceFace * sourceOutside - loss.preparedTarget(source.target, mask: source.mask) * sourceOutside).square().mean([1, 2, 3]) * 0.02
        }
        return (total.sum(), sourceLoss, destinationLoss)
    }
}
