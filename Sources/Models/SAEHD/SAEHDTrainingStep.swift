import NN
import Support
import Tensors
import Training

/// One generator step of SAEHD (reference §5.5–5.6): both sides through the network, each
/// sample's reconstruction loss, the gradient of their batch sum, one optimizer update.
/// (The true-face and GAN discriminators and the style terms join here as they land.)
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

    /// A step for `network` with `options` (resolved `SAEHDOptions`): AdaBelief or RMSprop at
    /// `learningRate` (SAEHD's 5e-5; Quick96 passes its own rate and loss), learning-rate
    /// dropout 0.3 with DFL's 500-iteration cosine when `lr_dropout` is on (not in pretraining),
    /// global-norm clipping at 1 with `clipgrad`. LIAE without random warp leaves `inter_AB`
    /// untouched, as DFL does.
    public init(network: SAEHDNetwork, options: [String: OptionValue], learningRate: Double = SAEHDTrainingStep.learningRate,
                loss: SAEHDLoss? = nil, generator: Generator? = nil) {
        self.network = network
        let pretrain = options["pretrain"] == .bool(true)
        let dropout = !pretrain && ["y", "cpu"].contains(options["lr_dropout"]?.stringValue ?? "n")
        let rules = UpdateRules(learningRate: learningRate, lrDropout: dropout ? 0.3 : nil, lrCosinePeriod: dropout ? 500 : nil,
                                clipNorm: options["clipgrad"] == .bool(true) ? 1 : nil)
        let frozenInterAB = network.architecture.base == .liae && options["random_warp"] == .bool(false)
        let trainable = network.namedParameters().filter { !(frozenInterAB && $0.name.hasPrefix("inter_AB.")) }
        optimizer = options["adabelief"] == .bool(false)
            ? RMSprop(trainable, rules: rules, generator: generator) : AdaBelief(trainable, rules: rules, generator: generator)
        self.loss = loss ?? SAEHDLoss(resolution: network.dimensions.resolution,
                         maskedTraining: options["masked_training"] != .bool(false),
                         eyesMouthPriority: options["eyes_mouth_prio"] == .bool(true),
                         blurOutMask: options["blur_out_mask"] == .bool(true))
    }

    /// Trains on one batch; returns DFL's logged losses: the batch means of src_loss and dst_loss.
    @discardableResult
    public func callAsFunction(source: Side, destination: Side) -> (source: Float, destination: Float) {
        network.zeroGrad()
        let outputs = network(source: source.warped, destination: destination.warped)
        let sourceLoss = loss(target: source.target, prediction: outputs.sourceFace, mask: source.mask,
                              eyesMouthMask: source.eyesMouthMask, predictedMask: outputs.sourceMask)
        let destinationLoss = loss(target: destination.target, prediction: outputs.destinationFace, mask: destination.mask,
                                   eyesMouthMask: destination.eyesMouthMask, predictedMask: outputs.destinationMask)
        (sourceLoss.sum() + destinationLoss.sum()).backward()
        optimizer.step()
        return (sourceLoss.mean().floats()[0], destinationLoss.mean().floats()[0])
    }
}
