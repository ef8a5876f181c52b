/// One value of a layer's `id=value` parameters in an ncnn `.param` file: a number, or an array
/// (written with the id `-23300 − id` as `count,v1,v2,…`). As in ncnn, a value with `.`, `e` or
/// `E` in it is a float, any other an integer.
public enum NCNNParamValue: Sendable, Equatable {
    case int(Int)
    case float(Float)
    case ints([Int])
    case floats([Float])

    /// Parses one scalar as ncnn's `ParamDict::load_param` does.
    static func scalar(_ text: Substring) -> NCNNParamValue? {
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return Float(text).map(NCNNParamValue.float)
        }
        return Int(text).map(NCNNParamValue.int)
    }

    /// Parses an array value `count,v1,v2,…`; nil when the count does not match.
    static func array(_ text: Substring) -> NCNNParamValue? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard let count = Int(parts.first ?? ""), count == parts.count - 1 else { return nil }
        let items = parts.dropFirst().map { scalar($0) }
        if items.contains(where: { if case .float = $0 { true } else { false } }) {
            var floats: [Float] = []
            for item in items {
                switch item {
                case .float(let value): floats.append(value)
                case .int(let value): floats.append(Float(value))
                default: return nil
                }
            }
            return .floats(floats)
        }
        var ints: [Int] = []
        for case .int(let value)? in items { ints.append(value) }
        return ints.count == count ? .ints(ints) : nil
    }
}
