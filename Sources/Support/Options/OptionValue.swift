/// One option's value, as DFL keeps it in a model's options dict: a bool, an integer, a number
/// or a string.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible, Codable {
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

extension OptionValue {
    /// A JSON value: true/false, a whole number, a number or a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}
