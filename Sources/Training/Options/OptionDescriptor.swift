import Foundation

/// One option of a trainable model, declared once: DFL's key, the question DFL asks, help,
/// default, the values it takes, and whether it is fixed once the model exists. The CLI's
/// prompts, `--options FILE.json` and later the studio's forms are all derived from these.
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

    public init(_ name: String, prompt: String, help: String, kind: Kind, default defaultValue: OptionValue,
                fixedAfterCreation: Bool = false) {
        self.name = name
        self.prompt = prompt
        self.help = help
        self.kind = kind
        self.defaultValue = defaultValue
        self.fixedAfterCreation = fixedAfterCreation
    }

    /// `value` made valid: of this option's kind and, when `clamping` (typed or given values, as
    /// DFL's `valid_range` treats them; a model's stored values are kept), clamped into its range.
    /// Returns the value and, when it changed, a note saying how (DFL clamps silently; Masque
    /// says so). Throws for a value of the wrong kind or a choice that is not offered.
    public func normalized(_ value: OptionValue, clamping: Bool = true) throws(OptionError) -> (value: OptionValue, note: String?) {
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
                return (.int(clamped), clamped == number ? nil : "\(name) \(number) is outside \(range.lowerBound)–\(range.upperBound): using \(clamped)")
            }
        case .double(let range):
            if let number = value.doubleValue ?? value.stringValue.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
               number.isFinite {
                guard let range, clamping else { return (.double(number), nil) }
                let clamped = min(max(number, range.lowerBound), range.upperBound)
                return (.double(clamped), clamped == number ? nil : "\(name) \(number) is outside \(range.lowerBound)–\(range.upperBound): using \(clamped)")
            }
        case .choice(let values):
            if let text = value.stringValue ?? value.boolValue.map({ $0 ? "y" : "n" }) {
                let lowered = text.lowercased()
                if values.contains(lowered) { return (.string(lowered), nil) }
                throw OptionError("\(name) '\(text)' is not one of \(values.joined(separator: ", "))")
            }
        case .text:
            if let text = value.stringValue { return (.string(text), nil) }
        }
        throw OptionError("\(name) takes \(kindDescription), not '\(value)'")
    }

    /// What the option takes, for messages and help.
    public var kindDescription: String {
        switch kind {
        case .bool: "y or n"
        case .int(let range): range.map { "a whole number \($0.lowerBound)–\($0.upperBound)" } ?? "a whole number"
        case .double(let range): range.map { "a number \($0.lowerBound)–\($0.upperBound)" } ?? "a number"
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
