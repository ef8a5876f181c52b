import Foundation

/// A model's options: values by DFL key, read from `--options FILE.json` (DFL's names and values)
/// or a model's saved state, checked against the model's descriptors.
public enum ModelOptions {
    /// The options in a JSON object (`{"ae_dims": 256, "archi": "liae-ud", …}`), each checked and
    /// clamped by its descriptor; notes say what was clamped. Throws naming the file and the key
    /// for an unknown option, a value of the wrong kind, or a file that is not a JSON object.
    public static func read(json data: Data, source: String, descriptors: [OptionDescriptor])
        throws(OptionError) -> (values: [String: OptionValue], notes: [String]) {
        let raw: [String: OptionValue]
        do {
            raw = try JSONDecoder().decode([String: OptionValue].self, from: data)
        } catch {
            throw OptionError("\(source) is not a JSON object of option names and values (\(error.localizedDescription)): write it as {\"ae_dims\": 256, \"archi\": \"liae-ud\"}")
        }
        let byName = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.name, $0) })
        var values: [String: OptionValue] = [:]
        var notes: [String] = []
        for key in raw.keys.sorted() {
            guard let descriptor = byName[key] else {
                throw OptionError("\(source): unknown option '\(key)' (known: \(descriptors.map(\.name).joined(separator: ", ")))")
            }
            do {
                let (value, note) = try descriptor.normalized(raw[key]!)
                values[key] = value
                if let note { notes.append(note) }
            } catch {
                throw OptionError("\(source): \(error.message)")
            }
        }
        return (values, notes)
    }
}
