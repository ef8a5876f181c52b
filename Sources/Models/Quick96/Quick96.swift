import Tensors

/// DFL's Quick96 (reference §6.2): SAEHD's DF network with `-ud` at a fixed 96-px full face,
/// ae 128, e 64, d 64, mask 16; RMSprop at 2e-4 with learning-rate dropout; masked training on
/// a mask blurred without SAEHD's clip·2 step; no options to ask.
public enum Quick96 {
    /// `df-ud`.
    public static let architecture = SAEHDArchitecture(base: .df, pixelNorm: true, doubleResolution: true)
    /// 96 px, ae 128, e 64, d 64, mask 16.
    public static let dimensions = SAEHDDimensions(resolution: 96, autoencoder: 128, encoder: 64, decoder: 64, decoderMask: 16)
    /// DFL's face type for Quick96: full face (`f`).
    public static let faceType = "f"
    /// Faces per iteration (fixed).
    public static let batchSize = 4
    /// RMSprop's learning rate.
    public static let learningRate = 2e-4
    /// Every third iteration re-uses the previous batch with the unwarped faces as input.
    public static let unwarpedEvery = 3

    /// The network, initialised from `generator`; its files are DFL's Quick96 files
    /// (`<name>_Quick96_encoder.npy`, `_inter.npy`, `_decoder_src.npy`, `_decoder_dst.npy`).
    public static func network(generator: Generator? = nil) -> SAEHDNetwork {
        SAEHDNetwork(architecture: architecture, dimensions: dimensions, generator: generator)
    }

    /// The per-side loss: 10·DSSIM(f = 8) + 10·MSE inside the blurred mask + 10·mask MSE.
    public static let loss = SAEHDLoss(resolution: 96, maskedTraining: true, eyesMouthPriority: false, blurOutMask: false,
                                       stretchesBlurredMask: false)
}
