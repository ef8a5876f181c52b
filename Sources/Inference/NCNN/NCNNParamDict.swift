/// A layer's parameters by id, as written in its line of the `.param` file.
public struct NCNNParamDict: Sendable, Equatable {
    /// ncnn's limit on parameter ids (`NCNN_MAX_PARAM_COUNT`).
    public static let idLimit = 32

    public var values: [Int: NCNNParamValue]

    public init(_ values: [Int: NCNNParamValue] = [:]) { self.values = values }

    /// Parses the `id=value` fields of a layer line.
    init(fields: ArraySlice<Substring>) throws(NCNNModelIssue) {
        var values: [Int: NCNNParamValue] = [:]
        for field in fields {
            guard let equals = field.firstIndex(of: "="), let key = Int(field[..<equals]) else {
                throw NCNNModelIssue("parameter '\(field)' is not of the form id=value")
            }
            let text = field[field.index(after: equals)...]
            let isArray = key <= -23300
            let id = isArray ? -key - 23300 : key
            guard (0..<Self.idLimit).contains(id) else {
                throw NCNNModelIssue("parameter id \(key) is outside ncnn's range")
            }
            guard let value = isArray ? NCNNParamValue.array(text) : NCNNParamValue.scalar(text) else {
                throw NCNNModelIssue("parameter \(key) has the unreadable value '\(text)'")
            }
            values[id] = value
        }
        self.values = values
    }

    /// Integer parameter `id`, `fallback` when absent.
    public func int(_ id: Int, default fallback: Int) throws(NCNNModelIssue) -> Int {
        switch values[id] {
        case nil: return fallback
        case .int(let value): return value
        default: throw NCNNModelIssue("parameter \(id) should be an integer")
        }
    }

    /// Float parameter `id` (an integer is taken as its value), `fallback` when absent.
    public func float(_ id: Int, default fallback: Float) throws(NCNNModelIssue) -> Float {
        switch values[id] {
        case nil: return fallback
        case .float(let value): return value
        case .int(let value): return Float(value)
        default: throw NCNNModelIssue("parameter \(id) should be a number")
        }
    }

    /// Float array parameter `id` (integers taken as their values), empty when absent.
    public func floats(_ id: Int) throws(NCNNModelIssue) -> [Float] {
        switch values[id] {
        case nil: return []
        case .floats(let values): return values
        case .ints(let values): return values.map(Float.init)
        default: throw NCNNModelIssue("parameter \(id) should be an array")
        }
    }
}
