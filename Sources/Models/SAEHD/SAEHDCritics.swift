import NN
import Support
import Tensors

/// SAEHD's optional critics (reference §5.5): the code discriminator of `true_face_power` (DF
/// only) and the U-Net patch discriminator of `gan_power`. Each has its own optimizer with the
/// generator's rules; each adds a term to the generator's loss and takes its own step after the
/// generator's, on a fresh forward pass of the updated network, as DFL's separate `D_train`
/// and `D_src_dst_train` runs do.
public final class SAEHDCritics: @unchecked Sendable {
    /// `true_face_power`, 0–1 (0: no code discriminator).
    public let trueFacePower: Double
    /// `gan_power`, 0–5 (0, or pretraining: no patch discriminator).
    public let ganPower: Double
    /// Whether the discriminators learn (DFL skips the code discriminator's step in pretraining).
    public let criticsLearn: Bool
    public let codeDiscriminator: CodeDiscriminator?
    public let codeOptimizer: Optimizer?
    public let patchDiscriminator: UNetPatchDiscriminator?
    public let patchOptimizer: Optimizer?

    /// The critics `options` turn on for `network`; `makeOptimizer` builds an optimizer with the
    /// generator's class and rules.
    init(network: SAEHDNetwork, options: [String: OptionValue], makeOptimizer: ([(name: String, parameter: Parameter)]) -> Optimizer,
         generator: Generator?) {
        let pretrain = options["pretrain"] == .bool(true)
        criticsLearn = !pretrain
        trueFacePower = network.architecture.base == .df ? options["true_face_power"]?.doubleValue ?? 0 : 0
        ganPower = pretrain ? 0 : options["gan_power"]?.doubleValue ?? 0
        if trueFacePower > 0 {
            let critic = CodeDiscriminator(inChannels: network.dimensions.autoencoder, codeResolution: network.codeResolution,
                                           generator: generator)
            codeDiscriminator = critic
            codeOptimizer = makeOptimizer(critic.namedParameters())
        } else {
            (codeDiscriminator, codeOptimizer) = (nil, nil)
        }
        if ganPower > 0 {
            let critic = UNetPatchDiscriminator(patchSize: options["gan_patch_size"]?.intValue ?? network.dimensions.resolution / 8,
                                                baseChannels: options["gan_dims"]?.intValue ?? 16, generator: generator)
            patchDiscriminator = critic
            patchOptimizer = makeOptimizer(critic.namedParameters())
        } else {
            (patchDiscriminator, patchOptimizer) = (nil, nil)
        }
    }

    /// The critics as checkpoint parts, under DFL's file names (`code_discriminator`, `GAN`).
    public var checkpointParts: [CheckpointPart] {
        var parts: [CheckpointPart] = []
        if let codeDiscriminator { parts.append(CheckpointPart(name: "code_discriminator", module: codeDiscriminator, optimizer: codeOptimizer)) }
        if let patchDiscriminator { parts.append(CheckpointPart(name: "GAN", module: patchDiscriminator, optimizer: patchOptimizer)) }
        return parts
    }

    /// The generator's adversarial terms, per sample (N,): `true_face_power·BCE(1, D(src code))`;
    /// `gan_power·(BCE(1, centre) + BCE(1, full))` of the compared src prediction, and with a
    /// mask (`blurredMask`) `1e-6·TV(pred) + 0.02·mean((pred·(1−M) − target·(1−M))²)`.
    func generatorTerms(sourceCode: Tensor, target: Tensor, prediction: Tensor, comparedPrediction: Tensor,
                        blurredMask: Tensor?) -> Tensor? {
        var terms: [Tensor] = []
        if let codeDiscriminator {
            terms.append(sigmoidCrossEntropy(logits: codeDiscriminator(sourceCode), label: 1) * trueFacePower)
        }
        if let patchDiscriminator {
            let (center, full) = patchDiscriminator(comparedPrediction)
            terms.append((sigmoidCrossEntropy(logits: center, label: 1) + sigmoidCrossEntropy(logits: full, label: 1)) * ganPower)
            if let blurredMask {
                let outside = 1 - blurredMask
                terms.append(totalVariationMSE(prediction) * 1e-6)
                terms.append((prediction * outside - target * outside).square().mean([1, 2, 3]) * 0.02)
            }
        }
        return terms.dropFirst().reduce(terms.first) { partial, next in partial.map { $0 + next } }
    }

    /// The discriminators' steps: the code critic learns dst codes as real and src codes as
    /// fake, the patch critic the compared src target as real and the prediction as fake
    /// (`0.5·(BCE(1, real) + BCE(0, fake))` per output, summed over the batch). Inputs are
    /// constants (computed without gradients).
    func step(sourceCode: Tensor, destinationCode: Tensor, comparedTarget: Tensor, comparedPrediction: Tensor) throws {
        guard criticsLearn else { return }
        if let codeDiscriminator, let codeOptimizer {
            codeDiscriminator.zeroGrad()
            let loss = (sigmoidCrossEntropy(logits: codeDiscriminator(destinationCode), label: 1)
                + sigmoidCrossEntropy(logits: codeDiscriminator(sourceCode), label: 0)) * 0.5
            try codeOptimizer.backward(loss.sum())
            try codeOptimizer.step()
        }
        if let patchDiscriminator, let patchOptimizer {
            patchDiscriminator.zeroGrad()
            let real = patchDiscriminator(comparedTarget), fake = patchDiscriminator(comparedPrediction)
            let loss = (sigmoidCrossEntropy(logits: real.center, label: 1) + sigmoidCrossEntropy(logits: fake.center, label: 0)) * 0.5
                + (sigmoidCrossEntropy(logits: real.full, label: 1) + sigmoidCrossEntropy(logits: fake.full, label: 0)) * 0.5
            try patchOptimizer.backward(loss.sum())
            try patchOptimizer.step()
        }
    }

    /// Whether any discriminator is on.
    var present: Bool { codeDiscriminator != nil || patchDiscriminator != nil }
    /// Whether any discriminator takes a step.
    var learns: Bool { criticsLearn && present }
}
