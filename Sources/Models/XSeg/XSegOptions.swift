import Support
import Training

/// XSeg's options as DFL's `models/Model_XSeg/Model.py` declares them (reference §4.3): the face
/// type (asked only when the model is created), the batch size (2–16) and pretraining, in the
/// order DFL asks them. Stored in the model's state under these names; `XSegDFLFiles.keyOrder` is
/// their order in `XSeg_data.dat`.
public enum XSegOptions {
    /// Every option in the order DFL asks them.
    public static let descriptors: [OptionDescriptor] = [
        .init("face_type", prompt: "Face type", help: "h, mf, f, wf or head: the crop the masks are for; choose the same as your deepfake model. Fixed at creation.", kind: .choice(values: ["h", "mf", "f", "wf", "head"]), default: .string("wf"), fixedAfterCreation: true),
        .init("batch_size", prompt: "Batch_size", help: "Faces per iteration, 2–16: larger generalises better and needs more memory.", kind: .int(range: 2...16), default: .int(4)),
        .init("pretrain", prompt: "Enable pretraining mode", help: "Pretrain on a large faceset of many people (--pretraining-data-dir): the network learns to redraw faces in grey, no labels needed; turn it off to train on your labels.", kind: .bool, default: .bool(false)),
    ]

    /// The options a model trains with: `stored` (an existing model's, nil for a new one) or the
    /// defaults, overridden by `given`; given values and defaults are checked and clamped (a
    /// stored value is kept as it is). Notes say what was clamped. Throws when `given` changes
    /// `face_type` of an existing model, or for a value of the wrong kind.
    public static func resolve(given: [String: OptionValue], stored: [String: OptionValue]? = nil)
        throws(OptionError) -> (values: [String: OptionValue], notes: [String]) {
        var values = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.name, $0.defaultValue) })
        if let stored { values.merge(stored.filter { key, _ in descriptors.contains { $0.name == key } }) { $1 } }
        var notes: [String] = []
        for descriptor in descriptors {
            let isGiven = given[descriptor.name] != nil
            if isGiven, let stored, descriptor.fixedAfterCreation, let old = stored[descriptor.name], old != given[descriptor.name] {
                throw OptionError("\(descriptor.name) is fixed once the model exists (it is \(old)): keep it, or train a new XSeg model in another folder")
            }
            guard let value = given[descriptor.name] ?? values[descriptor.name] else { continue }
            let isStored = !isGiven && stored?[descriptor.name] != nil
            let (normalized, note) = try descriptor.normalized(value, clamping: !isStored)
            values[descriptor.name] = normalized
            if let note { notes.append(note) }
        }
        return (values, notes)
    }
}
