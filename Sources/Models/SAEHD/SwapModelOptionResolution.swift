import Support
import Training

/// The option rules SAEHD and AMP share (DFL's `on_initialize_options` of both models): start from
/// the defaults, `d_mask_dims`' default from the stored or default `d_dims`, the stored options,
/// then the given ones (an option fixed at creation may not change); round the resolution to the
/// architecture's step; make the dims even; default the GAN patch size to resolution/8; keep the
/// optimizer off a GPU that is not there; and last clamp every value to its descriptor's range.
/// A stored value is kept as it is (DFL clamps and rounds only what is typed).
struct SwapModelOptionResolution {
    let descriptors: [OptionDescriptor]
    let given: [String: OptionValue]
    let stored: [String: OptionValue]?
    /// The options so far.
    var values: [String: OptionValue]
    /// What the rules changed, and why.
    var notes: [String] = []

    /// Defaults, stored options and given options merged; throws when `given` changes an option
    /// fixed at creation.
    init(descriptors: [OptionDescriptor], given: [String: OptionValue], stored: [String: OptionValue]?) throws(OptionError) {
        self.descriptors = descriptors
        self.given = given
        self.stored = stored
        values = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.name, $0.defaultValue) })
        // d_mask_dims' default follows the stored/default d_dims, before a new d_dims is taken (§5.2).
        let baseDecoder = stored?["d_dims"]?.intValue ?? 64
        values["d_mask_dims"] = .int(baseDecoder / 3 + (baseDecoder / 3) % 2)
        if let stored { values.merge(stored) { $1 } }
        for (key, value) in given {
            if let stored, let descriptor = descriptors.first(where: { $0.name == key }), descriptor.fixedAfterCreation,
               let old = stored[key], old != value {
                throw OptionError("\(key) is fixed once the model exists (it is \(old)): keep it, or train a new model in another folder")
            }
            values[key] = value
        }
    }

    /// Whether `key` keeps the stored model's value (not given this time).
    func isStored(_ key: String) -> Bool { given[key] == nil && stored?[key] != nil }

    /// Rounds a new resolution down to a multiple of `step`, within 64–640.
    mutating func roundResolution(step: Int) {
        guard !isStored("resolution"), let resolution = values["resolution"]?.intValue else { return }
        let rounded = Self.rounded(resolution, step: step)
        if rounded != resolution { notes.append("resolution \(resolution) becomes \(rounded) (a multiple of \(step), 64–640)") }
        values["resolution"] = .int(rounded)
    }

    /// `resolution` rounded down to a multiple of `step`, within 64–640 (DFL's rule for both models).
    static func rounded(_ resolution: Int, step: Int) -> Int { min(max((resolution / step) * step, 64), 640) }

    /// Even encoder and decoder dims, the GAN patch size's default, the optimizer on the CPU
    /// without a GPU.
    mutating func applySharedRules(hasGPU: Bool) {
        for key in ["e_dims", "d_dims", "d_mask_dims"] where !isStored(key) {
            guard let v = values[key]?.intValue, v % 2 != 0 else { continue }
            notes.append("\(key) \(v) becomes \(v + 1) (it must be even)")
            values[key] = .int(v + 1)
        }
        if given["gan_patch_size"] == nil, stored?["gan_patch_size"] == nil, let resolution = values["resolution"]?.intValue {
            values["gan_patch_size"] = .int(min(max(resolution / 8, 3), 640))
        }
        if !hasGPU, values["models_opt_on_gpu"] == .bool(true) {
            values["models_opt_on_gpu"] = .bool(false)
        }
    }

    /// Every value checked against its descriptor (new values clamped); the options and the notes.
    func resolved() throws(OptionError) -> (values: [String: OptionValue], notes: [String]) {
        var values = values, notes = notes
        for descriptor in descriptors {
            guard let value = values[descriptor.name] else { continue }
            let (normalized, note) = try descriptor.normalized(value, clamping: !isStored(descriptor.name))
            values[descriptor.name] = normalized
            if let note { notes.append(note) }
        }
        return (values, notes)
    }
}
