import Foundation

/// One of DFL's weight files (reference §5.9). Despite the `.npy` extension it is not NumPy's
/// format but `pickle.dumps(dict, protocol 4)` of `{ "conv1_1/weight:0": float32 ndarray, … }`
/// as leras' `Saveable.save_weights` writes it. It is read through the safe pickle reader, so
/// a file holding anything but data is refused. Optimizer files (`src_dst_opt.npy`) share the
/// format; a NumPy scalar value reads as a 0-d array.
public struct DFLWeightFile: Sendable {
    /// Where the weights were read from.
    public let url: URL
    /// The variable names, in file order.
    public let keys: [String]
    private let arrays: [String: NumpyArray]

    /// Reads and checks `url`: it must be a pickled dict of string keys to numeric arrays.
    public init(contentsOf url: URL) throws(DFLModelError) {
        self.url = url
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw DFLModelError("DFL weight file not found: \(path) (copy it from DeepFaceLab's _internal/DeepFaceLab/facelib folder)")
        }
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw DFLModelError("cannot read \(path): \(error.localizedDescription) (check its permissions)")
        }
        if data.starts(with: [0x93] + Array("NUMPY".utf8)) {
            throw DFLModelError("\(path) is a NumPy array file, not a DFL weight dictionary (use the file from DeepFaceLab's facelib folder)")
        }
        let value: PickleValue
        do { value = try PickleReader(sourceName: path).read(data) } catch {
            throw DFLModelError("\(path) is not a DFL weight file: pickle data refused at byte \(error.offset): \(error.reason)")
        }
        guard let dictionary = value.dictionaryValue else {
            throw DFLModelError("\(path) is not a DFL weight file: it holds a \(value.kindName), not a dict of weights")
        }
        var keys: [String] = []
        var arrays: [String: NumpyArray] = [:]
        for entry in dictionary {
            guard let key = entry.key.stringValue else {
                throw DFLModelError("\(path) is not a DFL weight file: a key is a \(entry.key.kindName), not a variable name")
            }
            switch entry.value {
            case .ndarray(let array): arrays[key] = array
            case .numpyScalar(let scalar):                  // an optimizer's `iters:0` may be a NumPy scalar
                arrays[key] = NumpyArray(consistentDType: scalar.dtype, shape: [], data: scalar.data)
            default:
                throw DFLModelError("\(path) is not a DFL weight file: '\(key)' holds a \(entry.value.kindName), not an array")
            }
            keys.append(key)
        }
        self.keys = keys
        self.arrays = arrays
    }

    /// The array stored under `key` (e.g. `conv1_1/weight:0`).
    public subscript(key: String) -> NumpyArray? { arrays[key] }
}

extension PickleValue {
    /// The Python type name of the value, for messages.
    var kindName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int, .bigInt: "int"
        case .float: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        case .ndarray: "ndarray"
        case .numpyScalar: "numpy scalar"
        case .numpyDType: "numpy dtype"
        case .dflEnum: "enum member"
        case .record: "DFL object"
        }
    }
}
