import FaceGeometry
import Support
import Training

/// AMP's options as DFL's `Model_AMP` declares them (reference §6.1): names, questions, defaults,
/// ranges, which are fixed at creation, the order DFL asks them in, and the rules that tie them
/// together (resolution in multiples of 32, even dims, `d_mask_dims`' default, GAN patch size);
/// plus Masque's `default_mask` (`DefaultFaceMask`), as for SAEHD. AMP has no pretraining,
/// AdaBelief switch, masked-training, eyes-and-mouth, HSV, true-face or style options: masking
/// and the eyes-and-mouth term are always on.
public enum AMPOptions {
    /// Every option in the order DFL asks them.
    public static let descriptors: [OptionDescriptor] = [
        SAEHDOptions.descriptor("autobackup_hour")!,
        SAEHDOptions.descriptor("write_preview_history")!,
        SAEHDOptions.descriptor("target_iter")!,
        SAEHDOptions.descriptor("random_src_flip")!,
        SAEHDOptions.descriptor("random_dst_flip")!,
        .init("batch_size", prompt: "Batch_size", help: "Faces per iteration: larger generalises better and needs more memory.", kind: .int(range: 0...Int.max), default: .int(8)),
        .init("resolution", prompt: "Resolution", help: "Side of the trained face in pixels, 64–640, a multiple of 32. More resolution needs more memory and time. Fixed at creation.", kind: .int(range: nil), default: .int(224), fixedAfterCreation: true),
        .init("face_type", prompt: "Face type", help: "f, wf or head: full face, whole face or head. Fixed at creation.", kind: .choice(values: ["f", "wf", "head"]), default: .string("wf"), fixedAfterCreation: true),
        .init("ae_dims", prompt: "AutoEncoder dimensions", help: "32–1024: all face information is packed into these dims; too few and e.g. closed eyes are not recognised. Fixed at creation.", kind: .int(range: 32...1024), default: .int(256), fixedAfterCreation: true),
        .init("inter_dims", prompt: "Inter dimensions", help: "32–2048: should be equal to or more than the AutoEncoder dimensions; more is better and needs more memory. Fixed at creation.", kind: .int(range: 32...2048), default: .int(1024), fixedAfterCreation: true),
        .init("e_dims", prompt: "Encoder dimensions", help: "Encoder width, 16–256 (even): more recognises more facial features, sharper. Fixed at creation.", kind: .int(range: 16...256), default: .int(64), fixedAfterCreation: true),
        .init("d_dims", prompt: "Decoder dimensions", help: "Decoder width, 16–256 (even): more gives a sharper result. Fixed at creation.", kind: .int(range: 16...256), default: .int(64), fixedAfterCreation: true),
        .init("d_mask_dims", prompt: "Decoder mask dimensions", help: "Width of the learned mask's decoder, 16–256 (even); typically a third of the decoder's. Fixed at creation.", kind: .int(range: 16...256), default: .int(22), fixedAfterCreation: true),
        .init("morph_factor", prompt: "Morph factor.", help: "0.1–0.5: the share of inter channels src's code takes from inter_src in training; 0.5 is a typical fine value. Fixed at creation.", kind: .double(range: 0.1...0.5), default: .double(0.5), fixedAfterCreation: true),
        DefaultFaceMask.option,
        SAEHDOptions.descriptor("uniform_yaw")!,
        SAEHDOptions.descriptor("blur_out_mask")!,
        .init("lr_dropout", prompt: "Use learning rate dropout", help: "n, y or cpu: sharper details late in training; turn on after the faces are sharp, before GAN (AMP treats cpu as y).", kind: .choice(values: ["n", "y", "cpu"]), default: .string("n")),
        SAEHDOptions.descriptor("models_opt_on_gpu")!,
        SAEHDOptions.descriptor("random_warp")!,
        SAEHDOptions.descriptor("gan_power")!,
        .init("gan_patch_size", prompt: "GAN patch size", help: "3–640: larger patches give better quality and need more memory (default resolution/8).", kind: .int(range: 3...640), default: .int(28)),
        SAEHDOptions.descriptor("gan_dims")!,
        SAEHDOptions.descriptor("ct_mode")!,
        SAEHDOptions.descriptor("clipgrad")!,
    ]

    /// The order of the keys in a new model's options dict (DFL's `data.dat`).
    public static let keyOrder = [
        "resolution", "face_type", "models_opt_on_gpu", "ae_dims", "inter_dims", "e_dims", "d_dims", "d_mask_dims",
        "morph_factor", "uniform_yaw", "blur_out_mask", "lr_dropout", "random_warp", "ct_mode", "clipgrad",
        "autobackup_hour", "write_preview_history", "target_iter", "random_src_flip", "random_dst_flip", "batch_size",
        "gan_power", "gan_patch_size", "gan_dims",
    ]

    /// The descriptor named `name`.
    public static func descriptor(_ name: String) -> OptionDescriptor? { descriptors.first { $0.name == name } }

    /// The options a model trains with: `stored` (an existing model's, nil for a new one) or the
    /// defaults, overridden by `given`, then DFL's rules (as `SAEHDOptions.resolve`: stored values
    /// are kept, given values and defaults clamped and rounded). Throws when `given` changes an
    /// option fixed at creation.
    public static func resolve(given: [String: OptionValue], stored: [String: OptionValue]? = nil, hasGPU: Bool = false)
        throws(OptionError) -> (values: [String: OptionValue], notes: [String]) {
        var resolution = try SwapModelOptionResolution(descriptors: descriptors, given: given, stored: stored)
        resolution.roundResolution(step: 32)
        resolution.applySharedRules(hasGPU: hasGPU)
        return try resolution.resolved()
    }

    /// The network shape these options define.
    public static func dimensions(_ values: [String: OptionValue]) throws(OptionError) -> AMPDimensions {
        guard let resolution = values["resolution"]?.intValue, let ae = values["ae_dims"]?.intValue,
              let inter = values["inter_dims"]?.intValue, let e = values["e_dims"]?.intValue, let d = values["d_dims"]?.intValue,
              let m = values["d_mask_dims"]?.intValue else {
            throw OptionError("the options lack resolution or the dims (resolve them with AMPOptions.resolve first)")
        }
        return AMPDimensions(resolution: resolution, autoencoder: ae, inter: inter, encoder: e, decoder: d, decoderMask: m)
    }
}
