import DFLFormats
import Foundation
import NN
import Support
import Tensors

/// Writes a Masque network as one of DFL's weight files (reference §5.9), the inverse of
/// `DFLWeightLoader`: `pickle.dumps({"<layer>/weight:0": float32 ndarray, …}, protocol 4)` with
/// convolution kernels back in HWIO order, in the module's parameter order (leras build order).
public enum DFLWeightWriter {
    /// The file's bytes for `module`.
    public static func encode(_ module: Module) throws -> [UInt8] {
        let pairs = try module.namedParameters().map { name, parameter in
            (DFLWeightLoader.key(forParameter: name), PickleValue.ndarray(try array(of: parameter.value)))
        }
        return try PickleWriter(protocolVersion: .four).write(.dict(PickleDictionary(pairs)))
    }

    /// `tensor` as DFL stores it: a float32 array, rank-4 kernels in HWIO order.
    public static func array(of tensor: Tensor) throws -> NumpyArray {
        var value = tensor.detached().to(.float32, device: .cpu)
        var shape = value.shape
        if shape.count == 4 {                                      // OIHW → HWIO
            value = value.permuted([2, 3, 1, 0]).contiguous()
            shape = [shape[2], shape[3], shape[1], shape[0]]
        }
        return try NumpyArray(float32: value.floats(), shape: shape)
    }

    /// Writes `module` to `url` atomically.
    public static func write(_ module: Module, to url: URL) throws {
        try AtomicFile.write(Data(try encode(module)), to: url)
    }
}
