import FaceGeometry
import Imaging
import Support

/// One frame's merge settings: DFL's `MergerConfigMasked` (reference §8.8), with its defaults
/// (overlay, `learned-prd*learned-dst`, rct, masked hist match at 238) and ranges. Declared once
/// in `descriptors` under DFL's `get_config()` keys; `masque merge`'s flags, `--config FILE.json`,
/// the clip's settings file and DFL's session import all go through them. Masque adds
/// `default_mask` (the `dst` mask mode's hull; DFL's landmark hull by default).
public struct MergeSettings: Sendable, Hashable {
    public var mode: MergeMode = .overlay
    /// Whether hist-match matches only inside the face's mask.
    public var maskedHistMatch = true
    /// Histogram match threshold, 0–255 (255: a full match).
    public var histMatchThreshold = HistogramMatch.interactiveDefaultThreshold
    public var maskMode: MaskMode = .learnedPrdTimesLearnedDst
    /// Erodes (> 0) or dilates (< 0) the mask by this many pixels of the 4R mask, −400–400.
    public var erodeMaskModifier = 0
    /// Feathers the mask's edge with a Gaussian of this many pixels of the 4R mask, 0–400.
    public var blurMaskModifier = 0
    /// Blurs the face along its motion between neighbouring frames, 0–100 %.
    public var motionBlurPower = 0
    /// Scales the pasted face, −50–50 %.
    public var outputFaceScale = 0
    /// Blends the ×4 super-resolved face in, 0–100 %.
    public var superResolutionPower = 0
    /// Recolours the face towards the frame's face; nil: none.
    public var colorTransfer: ColorTransfer? = .rct
    /// Median-blurs the whole frame, 0–500 (100 per full 5×5 pass).
    public var imageDenoisePower = 0
    /// Shrinks and re-enlarges the whole frame bicubically, 0–100.
    public var bicubicDegradePower = 0
    /// Blends in a 256-colour version of the frame, 0–100 %.
    public var colorDegradePower = 0
    public var sharpenMode: SharpenMode = .none
    /// Sharpens (> 0) or blurs (< 0) the face, −100–100.
    public var blurSharpenAmount = 0
    /// The `dst` mask mode's hull: DFL's landmark hull, or (whole_face and head models) united
    /// with the face mesh's hull, which reaches the forehead.
    public var defaultMask: DefaultFaceMask = .hull

    public init() {}

    /// `masque merge`'s choices for `color_transfer_mode`: `none` and DFL's merger modes.
    public static let colorTransferNames = ["none"] + ColorTransfer.mergerModes.map(\.rawValue)
    /// DFL's names of `sharpen_mode`.
    public static let sharpenModeNames = ["none", "box", "gaussian"]

    /// Every setting under DFL's key, in the order DFL asks them, with DFL's defaults and ranges.
    public static let descriptors: [OptionDescriptor] = [
        .init("mode", prompt: "Mode", help: "How the face goes back into the frame: " + MergeMode.allCases.map(\.rawValue).joined(separator: ", "),
              kind: .choice(values: MergeMode.allCases.map(\.rawValue)), default: .string(MergeMode.overlay.rawValue)),
        .init("masked_hist_match", prompt: "Masked hist match", help: "hist-match: match the histograms inside the face's mask only",
              kind: .bool, default: .bool(true)),
        .init("hist_match_threshold", prompt: "Hist match threshold", help: "hist-match and seamless-hist-match: how far the histogram is matched (255: fully)",
              kind: .int(range: HistogramMatch.thresholdRange), default: .int(HistogramMatch.interactiveDefaultThreshold)),
        .init("mask_mode", prompt: "Mask mode", help: "The mask that cuts the face out: " + MaskMode.allCases.map(\.rawValue).joined(separator: ", ") + " (XSeg modes need an XSeg model in the model folder)",
              kind: .choice(values: MaskMode.allCases.map { $0.rawValue.lowercased() }), default: .string(MaskMode.learnedPrdTimesLearnedDst.rawValue)),
        .init("erode_mask_modifier", prompt: "Choose erode mask modifier", help: "Shrinks (> 0) or grows (< 0) the mask, in pixels of the 4×resolution mask",
              kind: .int(range: -400...400), default: .int(0)),
        .init("blur_mask_modifier", prompt: "Choose blur mask modifier", help: "Feathers the mask's edge, in pixels of the 4×resolution mask",
              kind: .int(range: 0...400), default: .int(0)),
        .init("motion_blur_power", prompt: "Choose motion blur power", help: "Blurs the face along its motion between neighbouring frames (one face per frame only), %",
              kind: .int(range: 0...100), default: .int(0)),
        .init("output_face_scale", prompt: "Choose output face scale modifier", help: "Scales the pasted face, %",
              kind: .int(range: -50...50), default: .int(0)),
        .init("color_transfer_mode", prompt: "Color transfer to predicted face", help: "Recolours the face towards the frame's face: " + colorTransferNames.joined(separator: ", "),
              kind: .choice(values: colorTransferNames), default: .string(ColorTransfer.rct.rawValue)),
        .init("sharpen_mode", prompt: "Choose sharpen mode", help: "How blursharpen_amount sharpens: none, box or gaussian",
              kind: .choice(values: sharpenModeNames), default: .string("none")),
        .init("blursharpen_amount", prompt: "Choose blur/sharpen amount", help: "Sharpens (> 0, by sharpen_mode) or blurs (< 0) the face",
              kind: .int(range: -100...100), default: .int(0)),
        .init("super_resolution_power", prompt: "Choose super resolution power", help: "Blends in the face enhanced ×4 by Real-ESRGAN, %",
              kind: .int(range: 0...100), default: .int(0)),
        .init("image_denoise_power", prompt: "Choose image degrade by denoise power", help: "Median-blurs the whole frame (100 per full pass), to match a soft face",
              kind: .int(range: 0...500), default: .int(0)),
        .init("bicubic_degrade_power", prompt: "Choose image degrade by bicubic rescale power", help: "Shrinks and re-enlarges the whole frame, %",
              kind: .int(range: 0...100), default: .int(0)),
        .init("color_degrade_power", prompt: "Degrade color power of final image", help: "Blends in a 256-colour version of the frame, %",
              kind: .int(range: 0...100), default: .int(0)),
        DefaultFaceMask.option,
    ]

    /// The settings as values by DFL key (names for the choices).
    public var options: [String: OptionValue] {
        [
            "mode": .string(mode.rawValue), "masked_hist_match": .bool(maskedHistMatch),
            "hist_match_threshold": .int(histMatchThreshold), "mask_mode": .string(maskMode.rawValue),
            "erode_mask_modifier": .int(erodeMaskModifier), "blur_mask_modifier": .int(blurMaskModifier),
            "motion_blur_power": .int(motionBlurPower), "output_face_scale": .int(outputFaceScale),
            "color_transfer_mode": .string(colorTransfer?.rawValue ?? "none"),
            "sharpen_mode": .string(Self.sharpenModeNames[sharpenMode.rawValue]), "blursharpen_amount": .int(blurSharpenAmount),
            "super_resolution_power": .int(superResolutionPower), "image_denoise_power": .int(imageDenoisePower),
            "bicubic_degrade_power": .int(bicubicDegradePower), "color_degrade_power": .int(colorDegradePower),
            "default_mask": .string(defaultMask.rawValue),
        ]
    }

    /// These settings with `values` (DFL keys) applied, each checked by its descriptor; DFL's
    /// numbers are accepted for the four choices (as its session files store them). Values out of
    /// range are clamped with a note, as DFL's prompts clamp, or, unless `clamping`, refused.
    /// Throws naming `source` and the key for an unknown key, a value of the wrong kind, or (not
    /// `clamping`) out of range.
    public func applying(_ values: [String: OptionValue], source: String, clamping: Bool = true) throws(OptionError) -> (settings: MergeSettings, notes: [String]) {
        var settings = self
        var notes: [String] = []
        for key in values.keys.sorted() {
            guard let descriptor = Self.descriptors.first(where: { $0.name == key }) else {
                throw OptionError("\(source): unknown merge setting '\(key)' (known: \(Self.descriptors.map(\.name).joined(separator: ", ")))")
            }
            let (value, note): (OptionValue, String?)
            do {
                (value, note) = try descriptor.normalized(Self.named(values[key]!, key: key), label: key)
            } catch {
                throw OptionError("\(source): \(error.message)")
            }
            if let note, !clamping {
                throw OptionError("\(source): \(note.replacingOccurrences(of: ": using", with: "; the nearest allowed value is"))")
            }
            if let note { notes.append(note) }
            settings.set(key, value)
        }
        return (settings, notes)
    }

    /// DFL's number of a choice turned into its name.
    private static func named(_ value: OptionValue, key: String) -> OptionValue {
        guard let number = value.intValue else { return value }
        switch key {
        case "mode": return MergeMode(dflNumber: number).map { .string($0.rawValue) } ?? value
        case "mask_mode": return MaskMode(dflNumber: number).map { .string($0.rawValue) } ?? value
        case "color_transfer_mode": return colorTransferNames.indices.contains(number) ? .string(colorTransferNames[number]) : value
        case "sharpen_mode": return sharpenModeNames.indices.contains(number) ? .string(sharpenModeNames[number]) : value
        default: return value
        }
    }

    /// Sets the setting `key` from a value its descriptor normalised.
    private mutating func set(_ key: String, _ value: OptionValue) {
        let text = value.stringValue ?? ""
        switch key {
        case "mode": mode = MergeMode(rawValue: text)!
        case "masked_hist_match": maskedHistMatch = value.boolValue!
        case "hist_match_threshold": histMatchThreshold = value.intValue!
        case "mask_mode": maskMode = MaskMode.allCases.first { $0.rawValue.lowercased() == text.lowercased() }!
        case "erode_mask_modifier": erodeMaskModifier = value.intValue!
        case "blur_mask_modifier": blurMaskModifier = value.intValue!
        case "motion_blur_power": motionBlurPower = value.intValue!
        case "output_face_scale": outputFaceScale = value.intValue!
        case "color_transfer_mode": colorTransfer = ColorTransfer(rawValue: text)
        case "sharpen_mode": sharpenMode = SharpenMode(rawValue: Self.sharpenModeNames.firstIndex(of: text)!)!
        case "blursharpen_amount": blurSharpenAmount = value.intValue!
        case "super_resolution_power": superResolutionPower = value.intValue!
        case "image_denoise_power": imageDenoisePower = value.intValue!
        case "bicubic_degrade_power": bicubicDegradePower = value.intValue!
        case "color_degrade_power": colorDegradePower = value.intValue!
        case "default_mask": defaultMask = DefaultFaceMask(rawValue: text)!
        default: preconditionFailure("MergeSettings: no setting \(key)")
        }
    }

    /// Whether the mask takes the face mesh's hull for a model of `faceType` (`default_mask` mesh
    /// with the `dst` hull among the mask's factors).
    public func usesMeshHull(for faceType: FaceType) -> Bool {
        maskMode.factors.contains(.landmarkHull) && defaultMask.usesMesh(for: faceType)
    }

    /// Whether the whole frame changes, not only the face (denoise, bicubic degrade, colour degrade).
    public var changesWholeFrame: Bool {
        !mode.isRaw && mode != .original && (imageDenoisePower != 0 || bicubicDegradePower != 0 || colorDegradePower != 0)
    }

    /// DFL's `to_string`: the settings in one block of `key: value` lines.
    public var summary: String {
        Self.descriptors.map { "\($0.name): \(options[$0.name]!)" }.joined(separator: "\n")
    }
}
