import Foundation
import Tensors

/// Reads a layer's weights from an ncnn `.bin` file in the order its layers load them
/// (ncnn's `ModelBinFromDataReader`).
///
/// A *tagged* array (ncnn's `load(count, 0)`, used for convolution kernels) starts with a 4-byte
/// tag: 0 or 0x0002C056 for float32 values, 0x01306B47 for float16 values (padded to 4 bytes).
/// Int8 (0x000D4B38) and table-quantized arrays are refused in one line. A *raw* array
/// (`load(count, 1)`, used for biases) is float32 values without a tag.
public struct NCNNWeightReader {
    /// The tag of a float16 array.
    public static let float16Tag: UInt32 = 0x0130_6B47
    /// The tag of an int8 array.
    public static let int8Tag: UInt32 = 0x000D_4B38
    /// The tag of a float32 array "with extra scaling" (read as plain float32 values).
    public static let float32ScaledTag: UInt32 = 0x0002_C056

    private let data: Data
    /// The next byte to read.
    public private(set) var offset = 0
    private let device: Device

    /// A reader over `data`; arrays become float32 tensors on `device`.
    public init(data: Data, device: Device = .cpu) {
        self.data = data
        self.device = device
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == data.count }
    /// The number of bytes left.
    public var remaining: Int { data.count - offset }

    /// A tagged array of `count` values, shaped `shape`, as float32.
    public mutating func tagged(count: Int, shape: [Int]) throws(NCNNModelIssue) -> Tensor {
        let start = offset
        let tag = try readTag()
        switch tag {
        case 0, Self.float32ScaledTag:
            return layout(try tensor(count: count, shape: shape, dtype: .float32, at: start))
        case Self.float16Tag:
            let values = try tensor(count: count, shape: shape, dtype: .float16, at: start)
            offset = (offset + 3) / 4 * 4
            return layout(values.to(.float32))
        case Self.int8Tag:
            throw NCNNModelIssue("holds int8-quantized weights at byte \(start), which Masque does not run; use the float32 or float16 model", concernsWeights: true)
        default:
            throw NCNNModelIssue(String(format: "holds weights with the unknown tag 0x%08X at byte \(start) (quantized or not an ncnn .bin); use the float32 or float16 model", tag), concernsWeights: true)
        }
    }

    /// A raw float32 array of `count` values, shaped `shape`.
    public mutating func raw(count: Int, shape: [Int]) throws(NCNNModelIssue) -> Tensor {
        try tensor(count: count, shape: shape, dtype: .float32, at: offset)
    }

    /// Kernels (rank 4) in channels-last memory, where oneDNN's convolutions run fastest.
    private func layout(_ values: Tensor) -> Tensor {
        values.rank == 4 ? values.channelsLast() : values
    }

    private mutating func readTag() throws(NCNNModelIssue) -> UInt32 {
        guard remaining >= 4 else { throw cutShort(needing: 4) }
        let bytes = data[data.startIndex + offset..<data.startIndex + offset + 4]
        offset += 4
        return bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    private mutating func tensor(count: Int, shape: [Int], dtype: DType, at start: Int) throws(NCNNModelIssue) -> Tensor {
        precondition(shape.reduce(1, *) == count, "NCNNWeightReader: shape \(shape) does not hold \(count) values")
        let size = count * dtype.byteSize
        guard remaining >= size else { throw cutShort(needing: size) }
        let from = offset
        let made = data.withUnsafeBytes { bytes in
            Result { () throws(TensorError) in
                try Tensor(host: UnsafeRawBufferPointer(rebasing: bytes[from..<from + size]), shape: shape, dtype: dtype,
                           device: device)
            }
        }
        offset += size
        do {
            return try made.get()
        } catch {
            throw NCNNModelIssue("weights at byte \(start) cannot be loaded onto \(device): \(error.message)", concernsWeights: true)
        }
    }

    private func cutShort(needing size: Int) -> NCNNModelIssue {
        NCNNModelIssue("needs \(size) more bytes of weights at byte \(offset) but the file ends at \(data.count); the .bin is cut short or belongs to another .param", concernsWeights: true)
    }
}
