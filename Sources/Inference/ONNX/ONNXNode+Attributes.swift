extension ONNXNode {
    /// The integer attribute `name`, or `fallback` when the node has none.
    public func int(_ name: String, default fallback: Int) throws(ONNXModelIssue) -> Int {
        switch attributes[name] {
        case nil: return fallback
        case .int(let value): return value
        case let other?: throw wrongKind(name, other, expected: "int")
        }
    }

    /// The float attribute `name`, or `fallback` when the node has none.
    public func float(_ name: String, default fallback: Float) throws(ONNXModelIssue) -> Float {
        switch attributes[name] {
        case nil: return fallback
        case .float(let value): return value
        case let other?: throw wrongKind(name, other, expected: "float")
        }
    }

    /// The string attribute `name`, or `fallback` when the node has none.
    public func string(_ name: String, default fallback: String) throws(ONNXModelIssue) -> String {
        switch attributes[name] {
        case nil: return fallback
        case .string(let value): return value
        case let other?: throw wrongKind(name, other, expected: "string")
        }
    }

    /// The integer-list attribute `name`, or `fallback` when the node has none.
    public func ints(_ name: String, default fallback: [Int]?) throws(ONNXModelIssue) -> [Int]? {
        switch attributes[name] {
        case nil: return fallback
        case .ints(let values): return values
        case let other?: throw wrongKind(name, other, expected: "ints")
        }
    }

    private func wrongKind(_ name: String, _ value: ONNXAttribute, expected: String) -> ONNXModelIssue {
        ONNXModelIssue("attribute '\(name)' is \(value.kind), expected \(expected)")
    }
}
