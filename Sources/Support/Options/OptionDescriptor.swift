import Foundation

/// One option, declared once: DFL's key, the question DFL asks, help, default, the values it
/// takes, and whether it is fixed once a model exists. A command's flags and help (`flag`,
/// `commandLineHelp`), a model's prompts, `--options FILE.json` and later the studio's forms are
/// all derived from these, and values are checked here (`checked`, `normalized`), never in a
/// front end.
public struct OptionDescriptor: Sendable {
    /// The values an option takes.
    public enum Kind: Sendable {
        /// `y`/`n` (DFL's `input_bool`).
        case bool
        /// A whole number; typed values outside `range` are clamped, as DFL's `valid_range` does.
        case int(range: ClosedRange<Int>?)
        /// A number; clamped to `range` like `int`.
        case double(range: ClosedRange<Double>?)
        /// One of `values` (lower-cased before matching, as DFL does).
        case choice(values: [String])
        /// Free text that the model checks itself (SAEHD's `archi`).
        case text
    }

    /// DFL's key in the options dict, e.g. `ae_dims`.
    public let name: String
    /// DFL's question, e.g. "AutoEncoder dimensions".
    public let prompt: String
    /// DFL's help text, shown for `?`.
    public let help: String
    public let kind: Kind
    /// The built-in default (DFL's, when neither the model nor the default-options file has one).
    public let defaultValue: OptionValue
    /// Asked only when the model is created (DFL's first run); fixed afterwards.
    public let fixedAfterCreation: Bool
    /// How help shows the default when it depends on other options (e.g. "512, 768 for head");
    /// nil shows `defaultValue`.
    public let defaultNote: String?
    /// What the lowest value means, when it is special (`max_faces` 0: "all").
    public let lowestMeans: String?

    public init(_ name: String, prompt: String, help: String, kind: Kind, default defaultValue: OptionValue,
                fixedAfterCreation: Bool = false, defaultNote: String? = nil, lowestMeans: String? = nil) {
        self.name = name
        self.prompt = prompt
        self.help = help
        self.kind = kind
        self.defaultValue = defaultValue
        self.fixedAfterCreation = fixedAfterCreation
        self.defaultNote = defaultNote
        self.lowestMeans = lowestMeans
    }

    /// The command-line flag: DFL's key with dashes, e.g. `--image-size` for `image_size`.
    public var flag: String { "--" + name.replacingOccurrences(of: "_", with: "-") }

    /// Help for a command's `--help`: the help text, what the option takes and its default.
    public var commandLineHelp: String {
        "\(help) (\(kindDescription); default \(defaultNote ?? defaultValue.description))"
    }

    /// `value` if it is of this option's kind and inside its range or values; otherwise throws
    /// one line naming the flag, what it takes and what was given. For options a user gives on
    /// the command line or in a request, where a value out of range is refused, not clamped.
    public func checked(_ value: OptionValue) throws(OptionError) -> OptionValue {
        if case .double = kind, let number = value.doubleValue ?? value.stringValue.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
           !number.isFinite {
            throw OptionError("\(flag) must be \(rangeDescription) (got \(value))")
        }
        let (normalized, note) = try self.normalized(value, clamping: true, label: flag)
        guard note == nil else {
            throw OptionError("\(flag) must be \(rangeDescription) (got \(value))")
        }
        return normalized
    }

    /// The allowed values in words: "256–2048", "0 (all) or more", "a positive number" (a range
    /// from `Double.leastNonzeroMagnitude` up).
    var rangeDescription: String {
        func lowest(_ text: String) -> String { lowestMeans.map { "\(text) (\($0))" } ?? text }
        switch kind {
        case .int(let range?) where range.upperBound == .max: return lowest("\(range.lowerBound)") + " or more"
        case .int(let range?): return "\(range.lowerBound)–\(range.upperBound)"
        case .double(let range?) where range.upperBound == .greatestFiniteMagnitude:
            return range.lowerBound == .leastNonzeroMagnitude ? "a positive number" : lowest("\(range.lowerBound)") + " or more"
        case .double(let range?): return "\(range.lowerBound)–\(range.upperBound)"
        default: return kindDescription
        }
    }

    /// `value` made valid: of this option's kind and, when `clamping` (typed or given values, as
    /// DFL's `valid_range` treats them; a model's stored values are kept), clamped into its range.
    /// Returns the value and, when it changed, a note saying how (DFL clamps silently; Masque
    /// says so). Throws for a value of the wrong kind or a choice that is not offered.
    /// `label` names the option in messages (DFL's key by default; commands pass the flag).
    public func normalized(_ value: OptionValue, clamping: Bool = true, label: String? = nil) throws(OptionError) -> (value: OptionValue, note: String?) {
        let label = label ?? name
        switch kind {
        case .bool:
            if let v = value.boolValue { return (.bool(v), nil) }
            if let text = value.stringValue, let v = Self.parseBool(text) { return (.bool(v), nil) }
        case .int(let range):
            let number: Int? = value.intValue ?? value.doubleValue.flatMap { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil }
                ?? value.stringValue.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if let number {
                guard let range, clamping else { return (.int(number), nil) }
                let clamped = min(max(number, range.lowerBound), range.upperBound)
                return (.int(clamped), clamped == number ? nil : "\(label) \(number) is outside \(range.lowerBound)–\(range.upperBound): using \(clamped)")
            }
        case .double(let range):
            if let number = value.doubleValue ?? value.stringValue.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
               number.isFinite {
                guard let range, clamping else { return (.double(number), nil) }
                let clamped = min(max(number, range.lowerBound), range.upperBound)
                return (.double(clamped), clamped == number ? nil : "\(label) \(number) is outside \(range.lowerBound)–\(range.upperBound): using \(clamped)")
            }
        case .choice(let values):
            if let text = value.stringValue ?? value.boolValue.map({ $0 ? "y" : "n" }) {
                let lowered = text.lowercased()
                if values.contains(lowered) { return (.string(lowered), nil) }
                throw OptionError("\(label) '\(text)' is not one of \(values.joined(separator: ", "))")
            }
        case .text:
            if let text = value.stringValue { return (.string(text), nil) }
        }
        throw OptionError("\(label) takes \(kindDescription), not '\(value)'")
    }

    /// What the option takes, for messages and help.
    public var kindDescription: String {
        switch kind {
        case .bool: "y or n"
        case .int(nil): "a whole number"
        case .int: "a whole number, " + rangeDescription
        case .double(nil): "a number"
        case .double(let range?) where range.lowerBound == .leastNonzeroMagnitude && range.upperBound == .greatestFiniteMagnitude: rangeDescription
        case .double: "a number, " + rangeDescription
        case .choice(let values): values.joined(separator: ", ")
        case .text: "text"
        }
    }

    /// DFL's `input_bool` answers: y/yes/true/1 and n/no/false/0.
    static func parseBool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes", "true", "1": true
        case "n", "no", "false", "0": false
        default: nil
        }
    }
}
