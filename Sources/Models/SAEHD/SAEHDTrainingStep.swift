import NN
import Support
import Tensors
import Training

/// One iteration of SAEHD (reference §5.5–5.6): both sides through the network, each sample's
/// reconstruction loss with the face and background style terms, the critics' generator terms,
/// the gradient of the batch sum, one optimizer update; then the critics' own steps.
public final class SAEHDTrainingStep: @unchecked Sendable {
    /// What one side of a batch holds (NCHW, values in [0, 1]), as DFL's generator yields it.
    public struct Side {
        /// The randomly warped face: the network's input.
        public var warped: Tensor
        /// The same face, transformed but not warped: what the output should be.
        public var target: Tensor
        /// The face mask (applied XSeg mask, else the landmark hull), (N, 1, R, R).
        public var mask: Tensor
        /// The eyes-and-mouth mask, (N, 1, R, R).
        public var eyesMouthMask: Tensor

        /// A batch of `SampleProcessor` (which makes every output) as the step takes it, on `device`.
        public init(_ batch: TrainingBatch, on device: Device) {
            self.init(warped: batch.warped.to(device: device), target: batch.target!.to(device: device),
                      mask: batch.mask!.to(device: device), eyesMouthMask: batch.eyesMouthMask!.to(device: device))
        }

        public init(warped: Tensor, target: Tensor, mask: Tensor, eyesMouthMask: Tensor) {
            self.warped = warped
            self.target = target
            self.mask = mask
            self.eyesMouthMask = eyesMouthMask
        }
    }

    /// DFL's learning rate for SAEHD.
    public static let learningRate = 5e-5

    public let network: SAEHDNetwork
    public let optimizer: Optimizer
    public let loss: SAEHDLoss
    /// The true-face and GAN discriminators the options turn on.
    public let critics: SAEHDCritics
    /// `face_style_power` and `bg_style_power`, 0–100 (0 in pretraining).
    public let faceStylePower: Double
    public let backgroundStylePower: Double

    /// A step for `network` with `options` (resolved `SAEHDOptions`): AdaBelief or RMSprop at
    /// `learningRate` (SAEHD's 5e-5; Quick96 passes its own rate and loss), learning-rate
    /// dropout 0.3 with DFL's 500-iteration cosine when `lr_dropout` is on (not in pretraining),
    /// global-norm clipping at 1 with `clipgrad`. LIAE without random warp leaves `inter_AB`
    /// untouched, as DFL does. The critics get optimizers of the same class and rules.
    public init(network: SAEHDNetwork, options: [String: OptionValue], learningRate: Double = SAEHDTrainingStep.learningRate,
                loss: SAEHDLoss? = nil, generator: Generator? = nil) {
        self.network = network
        let pretrain = options["pretrain"] == .bool(true)
        let dropout = !pretrain && ["y", "cpu"].contains(options["lr_dropout"]?.stringValue ?? "n")
        let rules = UpdateRules(learningRate: learningRate, lrDropout: dropout ? 0.3 : nil, lrCosinePeriod: dropout ? 500 : nil,
                                clipNorm: options["clipgrad"] == .bool(true) ? 1 : nil)
        let useAdaBelief = options["adabelief"] != .bool(false)
        let makeOptimizer = { (parameters: [(name: String, parameter: Parameter)]) -> Optimizer in
            useAdaBelief ? AdaBelief(parameters, rules: rules, generator: generator) : RMSprop(parameters, rules: rules, generator: generator)
        }
        let frozenInterAB = network.architecture.base == .liae && options["random_warp"] == .bool(false)
        optimizer = makeOptimizer(network.namedParameters().filter { !(frozenInterAB && $0.name.hasPrefix("inter_AB.")) })
        critics = SAEHDCritics(network: network, options: options, makeOptimizer: makeOptimizer, generator: generator)
        if dropout, let generator {
            // Drawn last, so every weight is drawn as before; the same seed gives the same masks.
            let seed = UInt64(Tensor.uniform([1], low: 0, high: 1_099_511_627_776, dtype: .float64, generator: generator).item())
            for optimizer in [optimizer] + [critics.codeOptimizer, critics.patchOptimizer].compactMap({ $0 }) {
                optimizer.dropoutSeed = seed
            }
        }
        faceStylePower = pretrain ? 0 : options["face_style_power"]?.doubleValue ?? 0
        backgroundStylePower = pretrain ? 0 : options["bg_style_power"]?.doubleValue ?? 0
        self.loss = loss ?? SAEHDLoss(resolution: network.dimensions.resolution,
                         maskedTraining: options["masked_training"] != .bool(false),
                         eyesMouthPriority: options["eyes_mouth_prio"] == .bool(true),
                         blurOutMask: options["blur_out_mask"] == .bool(true))
    }

    /// The optimizers whose clipping `makeSafer` turns on: the generator's and the critics'.
    public var optimizers: [Optimizer] { [optimizer] + [critics.codeOptimizer, critics.patchOptimizer].compactMap { $0 } }

    /// Trains on one batch; returns DFL's logged losses: the batch means of src_loss (with its
    /// style terms) and dst_loss.
    @discardableResult
    public func callAsFunction(source: Side, destination: Side) throws -> (source: Float, destination: Float) {
        network.zeroGrad()
        let (total, sourceLoss, destinationLoss) = losses(source: source, destination: destination)
        try optimizer.backward(total)
        try optimizer.step()
        if critics.learns { try stepCritics(source: source, destination: destination) }
        return (sourceLoss.mean().floats()[0], destinationLoss.mean().floats()[0])
    }

    /// The generator's forward pass: the total to differentiate (the batch sums of src_loss,
    /// dst_loss and the critics' terms) and the per-sample src and dst losses.
    func losses(source: Side, destination: Side) -> (total: Tensor, source: Tensor, destination: Tensor) {
        let outputs = network(source: source.warped, destination: destination.warped,
                              decodingSwap: faceStylePower > 0 || backgroundStylePower > 0)
        // Both sides' losses in one pass over the stacked batches (the loss is per sample).
        func stacked(_ a: Tensor, _ b: Tensor) -> Tensor { Tensor.cat([a, b], dim: 0) }
        let count = source.target.shape[0]
        let both = loss(target: stacked(source.target, destination.target),
                        prediction: stacked(outputs.sourceFace, outputs.destinationFace),
                        mask: stacked(source.mask, destination.mask),
                        eyesMouthMask: stacked(source.eyesMouthMask, destination.eyesMouthMask),
                        predictedMask: stacked(outputs.sourceMask, outputs.destinationMask))
        var sourceLoss = both.slice(0, 0, count)
        let destinationLoss = both.slice(0, count, both.shape[0])
        if let style = styleTerms(outputs, source: source, destination: destination) { sourceLoss = sourceLoss + style }
        var total = sourceLoss.sum() + destinationLoss.sum()
        if critics.present {
            let compared = loss.compared(target: source.target, prediction: outputs.sourceFace, mask: source.mask)
            if let adversarial = critics.generatorTerms(sourceCode: outputs.sourceCode, target: compared.target,
                                                        prediction: outputs.sourceFace, comparedPrediction: compared.prediction,
                                                        blurredMask: compared.blurredMask) {
                total = total + adversarial.sum()
            }
        }
        return (total, sourceLoss, destinationLoss)
    }

    /// The face style term (`style_loss` of the swap, decoded from a code without gradient and
    /// masked by its own mask, against dst→dst in its mask, σ = R/8, weight 100·power) and the
    /// background style term (10·power/100 × (DSSIM + MSE) of the swap against the dst target
    /// outside `1 − M_blur` of the src mask, DFL's quirk kept), per sample; nil when both are off.
    func styleTerms(_ outputs: SAEHDNetwork.Outputs, source: Side, destination: Side) -> Tensor? {
        var terms: [Tensor] = []
        let resolution = network.dimensions.resolution
        if faceStylePower > 0 {
            let swap = network.decodeAsSource(outputs.swapCode.detached()).face
            terms.append(styleLoss(swap * outputs.swappedMask!.detached(), (outputs.destinationFace * outputs.destinationMask).detached(),
                                   blurSigma: Double(resolution / 8), weight: 10000 * faceStylePower / 100))
        }
        if backgroundStylePower > 0 {
            let outside = 1 - loss.blurredMask(source.mask)
            let (swap, target) = (outputs.swappedFace! * outside, destination.target * outside)
            let weight = 10 * backgroundStylePower / 100
            terms.append(dssim(swap, target, filterSize: Int(Double(resolution) / 11.6)).mean([1]) * weight
                + (swap - target).square().mean([1, 2, 3]) * weight)
        }
        return terms.dropFirst().reduce(terms.first) { partial, next in partial.map { $0 + next } }
    }

    /// The critics' steps on a fresh forward pass of the updated network (no gradients into it).
    private func stepCritics(source: Side, destination: Side) throws {
        let (sourceCode, destinationCode, target, prediction) = withoutGradients {
            let outputs = network(source: source.warped, destination: destination.warped, decodingSwap: false)
            let compared = loss.compared(target: source.target, prediction: outputs.sourceFace, mask: source.mask)
            return (outputs.sourceCode, outputs.destinationCode, compared.target, compared.prediction)
        }
        try critics.step(sourceCode: sourceCode, destinationCode: destinationCode, comparedTarget: target, comparedPrediction: prediction)
    }
}
