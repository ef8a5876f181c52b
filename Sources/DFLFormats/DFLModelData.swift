import Foundation
import Support

/// A DFL model's `<name>_<Class>_data.dat` (reference §5.9): the iteration, the options dict,
/// the loss history; read through the safe pickle reader, written as DFL writes it (pickle
/// protocol 3, keys `iter`, `options`, `loss_history`, `sample_for_preview`, `choosed_gpu_indexes`).
public struct DFLModelData: Sendable, Equatable {
    /// Iterations trained.
    public var iteration: Int
    /// The options, by DFL key (values DFL stores as NumPy scalars read as plain numbers).
    public var options: [String: OptionValue]
    /// One `[src_loss, dst_loss]` per iteration.
    public var lossHistory: [[Double]]

    public init(iteration: Int, options: [String: OptionValue], lossHistory: [[Double]]) {
        self.iteration = iteration
        self.options = options
        self.lossHistory = lossHistory
    }

    /// Reads `url`; refuses anything but DFL's dict of plain data.
    public static func read(_ url: URL) throws(DFLModelError) -> DFLModelData {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DFLModelError("cannot read \(path): check that it exists and is readable")
        }
        let value: PickleValue
        do { value = try PickleReader(sourceName: path).read(data) } catch {
            throw DFLModelError("\(path) is not a DFL model data file (\(error.reason) at byte \(error.offset)): restore it from the model's autobackups")
        }
        guard let dictionary = value.dictionaryValue else {
            throw DFLModelError("\(path) does not hold DFL's model data dict: restore it from the model's autobackups")
        }
        guard let iteration = dictionary["iter"]?.intValue else {
            throw DFLModelError("\(path) has no 'iter': restore it from the model's autobackups")
        }
        var options: [String: OptionValue] = [:]
        for entry in dictionary["options"]?.dictionaryValue ?? PickleDictionary() {
            guard let key = entry.key.stringValue, let option = Self.option(entry.value) else { continue }
            options[key] = option
        }
        let history = (dictionary["loss_history"]?.sequenceElements ?? []).map { ($0.sequenceElements ?? []).compactMap(\.doubleValue) }
        return DFLModelData(iteration: iteration, options: options, lossHistory: history)
    }

    /// Writes the file atomically, options in `keyOrder` (then any others by name).
    public func write(to url: URL, keyOrder: [String]) throws {
        let ordered = keyOrder.filter { options[$0] != nil } + options.keys.filter { !keyOrder.contains($0) }.sorted()
        let optionPairs = ordered.map { key in (key, Self.pickleValue(options[key]!)) }
        let history = PickleValue.list(lossHistory.map { .list($0.map { .float($0) }) })
        let root = PickleDictionary([
            ("iter", .int(iteration)), ("options", .dict(PickleDictionary(optionPairs))), ("loss_history", history),
            ("sample_for_preview", .none), ("choosed_gpu_indexes", .none),
        ])
        let bytes = try PickleWriter(protocolVersion: .three).write(.dict(root))
        try AtomicFile.write(Data(bytes), to: url)
    }

    static func option(_ value: PickleValue) -> OptionValue? {
        switch value {
        case .bool(let v): .bool(v)
        case .int(let v): .int(v)
        case .float(let v): .double(v)
        case .string(let v): .string(v)
        case .numpyScalar(let scalar): scalar.dtype.kind == .float ? .double(scalar.doubleValue) : scalar.intValue.map(OptionValue.int)
        default: nil
        }
    }

    static func pickleValue(_ value: OptionValue) -> PickleValue {
        switch value {
        case .bool(let v): .bool(v)
        case .int(let v): .int(v)
        case .double(let v): .float(v)
        case .string(let v): .string(v)
        }
    }
}
