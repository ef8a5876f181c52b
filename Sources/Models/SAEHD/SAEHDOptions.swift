import FaceGeometry
import Support
import Training

/// SAEHD's options as DFL's `Model_SAEHD` declares them (reference §5.2): names, questions,
/// defaults, ranges, which are fixed at creation, the order DFL asks them in, and the rules that
/// tie them together (resolution rounding by `archi`, even dims, `d_mask_dims`' default, …);
/// plus Masque's `default_mask` (`DefaultFaceMask`), which DFL ignores in a model's options.
public enum SAEHDOptions {
    /// Every option in the order DFL asks them.
    public static let descriptors: [OptionDescriptor] = [
        .init("autobackup_hour", prompt: "Autobackup every N hour", help: "Back up the model files every N hours of training (0 = never); the last 24 backups are kept in <model>_autobackups.", kind: .int(range: nil), default: .int(0)),
        .init("write_preview_history", prompt: "Write preview history", help: "Keep a preview image every few iterations in <model>_history to watch the progress.", kind: .bool, default: .bool(false)),
        .init("target_iter", prompt: "Target iteration", help: "Save and stop once this iteration is reached (0 = never stop).", kind: .int(range: 0...Int.max), default: .int(0)),
        .init("random_src_flip", prompt: "Flip SRC faces randomly", help: "Mirror src faces at random: more angles of src, but faces are not symmetric, so the result can look less like src.", kind: .bool, default: .bool(false)),
        .init("random_dst_flip", prompt: "Flip DST faces randomly", help: "Mirror dst faces at random: the swap generalises better when src flip is off.", kind: .bool, default: .bool(true)),
        .init("batch_size", prompt: "Batch_size", help: "Faces per iteration: larger generalises better and needs more memory.", kind: .int(range: 0...Int.max), default: .int(4)),
        .init("resolution", prompt: "Resolution", help: "Side of the trained face in pixels, 64–640: a multiple of 16, of 32 with -d. Fixed at creation.", kind: .int(range: nil), default: .int(128), fixedAfterCreation: true),
        .init("face_type", prompt: "Face type", help: "h, mf, f, wf or head: how much of the face is trained; whole face (wf) or head need XSeg masks for the best result. Fixed at creation.", kind: .choice(values: ["h", "mf", "f", "wf", "head"]), default: .string("f"), fixedAfterCreation: true),
        .init("archi", prompt: "AE architecture", help: "df (more like src), liae (better fit to dst light and shape), plus -u (pixel norm: more like src), -d (double resolution at the same cost), -t (deeper: more like src), -c (cos activation). Fixed at creation.", kind: .text, default: .string("liae-ud"), fixedAfterCreation: true),
        .init("ae_dims", prompt: "AutoEncoder dimensions", help: "Bottleneck size, 32–1024: more dimensions hold more detail and need more memory. Fixed at creation.", kind: .int(range: 32...1024), default: .int(256), fixedAfterCreation: true),
        .init("e_dims", prompt: "Encoder dimensions", help: "Encoder width, 16–256 (even). Fixed at creation.", kind: .int(range: 16...256), default: .int(64), fixedAfterCreation: true),
        .init("d_dims", prompt: "Decoder dimensions", help: "Decoder width, 16–256 (even). Fixed at creation.", kind: .int(range: 16...256), default: .int(64), fixedAfterCreation: true),
        .init("d_mask_dims", prompt: "Decoder mask dimensions", help: "Width of the learned mask's decoder, 16–256 (even); default a third of the decoder's. Fixed at creation.", kind: .int(range: 16...256), default: .int(22), fixedAfterCreation: true),
        .init("masked_training", prompt: "Masked training", help: "whole_face and head: train only inside the mask (applied XSeg, else default_mask); off trains the whole square.", kind: .bool, default: .bool(true)),
        DefaultFaceMask.option,
        .init("eyes_mouth_prio", prompt: "Eyes and mouth priority", help: "Weight eyes and mouth more in the loss: sharper eyes and teeth.", kind: .bool, default: .bool(false)),
        .init("uniform_yaw", prompt: "Uniform yaw distribution of samples", help: "Draw faces evenly over head turn, so profiles are not starved.", kind: .bool, default: .bool(false)),
        .init("blur_out_mask", prompt: "Blur out mask", help: "Blur the surroundings of the masked face in training, for a smoother merge; needs XSeg masks.", kind: .bool, default: .bool(false)),
        .init("models_opt_on_gpu", prompt: "Place models and optimizer on GPU", help: "Keep the optimizer state in GPU memory (faster); off moves it to the CPU to fit a larger model.", kind: .bool, default: .bool(true)),
        .init("adabelief", prompt: "Use AdaBelief optimizer?", help: "AdaBelief (more accurate, a little more memory) instead of RMSprop.", kind: .bool, default: .bool(true)),
        .init("lr_dropout", prompt: "Use learning rate dropout", help: "n, y or cpu: sharper details late in training; turn on after the faces are sharp, before GAN; cpu keeps its state on the CPU.", kind: .choice(values: ["n", "y", "cpu"]), default: .string("n")),
        .init("random_warp", prompt: "Enable random warp of samples", help: "Warp training faces at random so the model generalises; turn off late in training for detail.", kind: .bool, default: .bool(true)),
        .init("random_hsv_power", prompt: "Random hue/saturation/light intensity", help: "0–0.3: vary the colour of src faces so the swap keeps dst's colour more stably.", kind: .double(range: 0...0.3), default: .double(0)),
        .init("gan_power", prompt: "GAN power", help: "0–5: a patch discriminator for finer texture; only once the model is trained, 0.1 is a good start.", kind: .double(range: 0...5), default: .double(0)),
        .init("gan_patch_size", prompt: "GAN patch size", help: "3–640: larger patches give better quality and need more memory (default resolution/8).", kind: .int(range: 3...640), default: .int(16)),
        .init("gan_dims", prompt: "GAN dimensions", help: "4–512: the discriminator's width.", kind: .int(range: 4...512), default: .int(16)),
        .init("true_face_power", prompt: "'True face' power.", help: "0–1, DF only: a code discriminator pulls the swap towards src's identity.", kind: .double(range: 0...1), default: .double(0)),
        .init("face_style_power", prompt: "Face style power", help: "0–100: learn dst's colour inside the face; large values turn the face towards dst.", kind: .double(range: 0...100), default: .double(0)),
        .init("bg_style_power", prompt: "Background style power", help: "0–100: learn dst's surroundings of the face; large values turn the face towards dst.", kind: .double(range: 0...100), default: .double(0)),
        .init("ct_mode", prompt: "Color transfer for src faceset", help: "none, rct, lct, mkl, idt or sot: match src faces' colour to dst's while training.", kind: .choice(values: ["none", "rct", "lct", "mkl", "idt", "sot"]), default: .string("none")),
        .init("clipgrad", prompt: "Enable gradient clipping", help: "Clip gradients: less chance of a model collapse, a little slower.", kind: .bool, default: .bool(false)),
        .init("pretrain", prompt: "Enable pretraining mode", help: "Pretrain on a large faceset of many people (--pretraining-data-dir) before the real src and dst.", kind: .bool, default: .bool(false)),
    ]

    /// The order of the keys in a new model's options dict (DFL's `data.dat`).
    public static let keyOrder = [
        "resolution", "face_type", "models_opt_on_gpu", "archi", "ae_dims", "e_dims", "d_dims", "d_mask_dims",
        "masked_training", "eyes_mouth_prio", "uniform_yaw", "blur_out_mask", "adabelief", "lr_dropout", "random_warp",
        "random_hsv_power", "true_face_power", "face_style_power", "bg_style_power", "ct_mode", "clipgrad", "pretrain",
        "autobackup_hour", "write_preview_history", "target_iter", "random_src_flip", "random_dst_flip", "batch_size",
        "gan_power", "gan_patch_size", "gan_dims",
    ]

    /// The descriptor named `name`.
    public static func descriptor(_ name: String) -> OptionDescriptor? { descriptors.first { $0.name == name } }

    /// The options a model trains with: `stored` (an existing model's, nil for a new one) or the
    /// defaults, overridden by `given`, then DFL's rules. A stored value is kept as it is (DFL
    /// clamps and rounds only what is typed); given values and defaults are clamped and rounded.
    /// Notes say what was changed and why. Throws when `given` changes an option fixed at
    /// creation or names an invalid `archi`.
    public static func resolve(given: [String: OptionValue], stored: [String: OptionValue]? = nil, hasGPU: Bool = false)
        throws(OptionError) -> (values: [String: OptionValue], notes: [String]) {
        var resolution = try SwapModelOptionResolution(descriptors: descriptors, given: given, stored: stored)
        guard let archiText = resolution.values["archi"]?.stringValue, let architecture = SAEHDArchitecture(parsing: archiText) else {
            throw OptionError("archi '\(resolution.values["archi"] ?? .string(""))' is not an SAEHD architecture: use df or liae, optionally with -u, -d, -t, -c (e.g. liae-ud)")
        }
        resolution.values["archi"] = .string(architecture.description)
        resolution.roundResolution(step: architecture.resolutionStep)
        resolution.applySharedRules(hasGPU: hasGPU)
        if architecture.base == .liae, resolution.values["true_face_power"] != .double(0) {
            if given["true_face_power"].map({ $0 != .double(0) }) == true {
                resolution.notes.append("true_face_power is for DF models only: set to 0")
            }
            resolution.values["true_face_power"] = .double(0)
        }
        if let faceType = resolution.values["face_type"]?.stringValue, !["wf", "head"].contains(faceType),
           let masked = given["masked_training"], masked != (stored?["masked_training"] ?? .bool(true)) {
            resolution.notes.append("masked_training applies to wf and head faces only: kept at \(stored?["masked_training"] ?? .bool(true))")
            resolution.values["masked_training"] = stored?["masked_training"] ?? .bool(true)
        }
        return try resolution.resolved()
    }

    /// The network shape these options define.
    public static func network(_ values: [String: OptionValue]) throws(OptionError) -> (SAEHDArchitecture, SAEHDDimensions) {
        guard let architecture = values["archi"]?.stringValue.flatMap(SAEHDArchitecture.init(parsing:)),
              let resolution = values["resolution"]?.intValue, let ae = values["ae_dims"]?.intValue,
              let e = values["e_dims"]?.intValue, let d = values["d_dims"]?.intValue, let m = values["d_mask_dims"]?.intValue else {
            throw OptionError("the options lack archi, resolution or the dims (resolve them with SAEHDOptions.resolve first)")
        }
        return (architecture, SAEHDDimensions(resolution: resolution, autoencoder: ae, encoder: e, decoder: d, decoderMask: m))
    }
}
