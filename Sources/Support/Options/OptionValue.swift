/// One option's value, as DFL keeps it in a model's options dict: a bool, an integer, a number
/// or a string.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    public var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }
    public var intValue: Int? { if case .int(let v) = self { v } else { nil } }
    /// Integers read as numbers too.
    public var doubleValue: Double? {
        switch self {
        case .double(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }
    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }

    /// As DFL prints it: `True`/`False` for bools, numbers and strings plainly.
    public var description: String {
        switch self {
        case .bool(let v): v ? "True" : "False"
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .string(let v): v
        }
    }
}
