import DFLFormats
import NN
import Tensors

/// Loads a `DFLWeightFile` into a Masque network whose property names are DFL's layer names.
///
/// A parameter `conv1_1.weight` reads the key `conv1_1/weight:0`; `m_0.b2_plus.conv3.weight`
/// reads `m_0/b2_plus/conv3/weight:0` (leras naming, reference §5.9). Rank-4 parameters are
/// convolution kernels: DFL stores them HWIO, Masque OIHW. Every other parameter holds the same
/// values as DFL's array, whose unit dimensions are dropped (L2Norm's `(1, 1, 1, C)` is `C`).
/// Every parameter must be present with its shape; extra keys are ignored, as DFL ignores them.
public enum DFLWeightLoader {
    /// The DFL variable name of the Masque parameter path `name`.
    public static func key(forParameter name: String) -> String {
        name.replacingOccurrences(of: ".", with: "/") + ":0"
    }

    /// The DFL keys `module` reads, in parameter order.
    public static func keys(of module: Module) -> [String] {
        module.namedParameters().map { key(forParameter: $0.name) }
    }

    /// Copies the weights of `file` into `module`; `network` names the network in messages.
    /// Nothing is changed unless every parameter can be loaded.
    public static func load(_ file: DFLWeightFile, into module: Module, network: String) throws(DFLModelError) {
        var loaded: [(Parameter, Tensor)] = []
        for (name, parameter) in module.namedParameters() {
            let key = key(forParameter: name)
            guard let array = file[key] else {
                throw DFLModelError("\(file.url.path) lacks the weight '\(key)' that \(network) needs (is it DeepFaceLab's \(network) file?)")
            }
            loaded.append((parameter, try values(of: array, shapedAs: parameter.value.shape, key: key, in: file, network: network)))
        }
        withoutGradients {
            for (parameter, values) in loaded { parameter.value.assign(values) }
        }
    }

    /// The values of DFL's `array` (stored under `key` in `file`) in the layout of a Masque
    /// tensor of shape `target`: rank-4 kernels from HWIO to OIHW, anything else reshaped
    /// (unit dimensions may differ). Throws naming the file and key when the shape or type is wrong.
    public static func values(of array: NumpyArray, shapedAs target: [Int], key: String, in file: DFLWeightFile,
                              network: String) throws(DFLModelError) -> Tensor {
        let path = file.url.path
        let isKernel = target.count == 4
        let expected = isKernel ? [target[2], target[3], target[1], target[0]] : target
        let matches = isKernel ? array.shape == expected : array.shape.filter { $0 != 1 } == target.filter { $0 != 1 }
        guard matches else {
            throw DFLModelError("\(path): weight '\(key)' has shape \(shapeText(array.shape)) but \(network) expects \(shapeText(expected)) (is it DeepFaceLab's \(network) file?)")
        }
        guard array.dtype.kind == .float else {
            throw DFLModelError("\(path): weight '\(key)' holds \(array.dtype) values, not floats (the file is damaged)")
        }
        let values: Tensor
        do { values = try tensor(of: array) } catch {
            throw DFLModelError("\(path): cannot load weight '\(key)': \(error.message)")
        }
        return isKernel ? values.permuted([3, 2, 0, 1]).contiguous() : values.reshaped(target)
    }

    /// A float32 CPU tensor of the array's values in C order.
    private static func tensor(of array: NumpyArray) throws(TensorError) -> Tensor {
        if array.dtype == .float32, !array.isFortranOrder {
            let made = array.data.withUnsafeBytes { bytes in
                Result { () throws(TensorError) in try Tensor(host: bytes, shape: array.shape, dtype: .float32) }
            }
            return try made.get()
        }
        return try Tensor(values: array.floats(), shape: array.shape, dtype: .float32)
    }

    private static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
