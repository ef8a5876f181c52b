import Tensors

/// ONNX `DepthToSpace` on NCHW: `blocksize`, mode `DCR` (TensorFlow's order, DFL's) or `CRD`
/// (PyTorch's `pixel_shuffle`). The result is stored channels-last, like the executor's other
/// 4-D values.
public struct ONNXDepthToSpace: ONNXKernel {
    public let blockSize: Int
    public let order: DepthToSpaceOrder

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        blockSize = try node.int("blocksize", default: 0)
        guard blockSize >= 1 else { throw ONNXModelIssue("the required attribute 'blocksize' is missing or below 1") }
        switch try node.string("mode", default: "DCR") {
        case "DCR": order = .tensorflow
        case "CRD": order = .pytorch
        case let mode: throw ONNXModelIssue("mode '\(mode)' is neither DCR nor CRD")
        }
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "input")
        guard x.rank == 4, x.shape[1] % (blockSize * blockSize) == 0 else {
            throw ONNXModelIssue("input \(x.shape) is not NCHW with channels divisible by \(blockSize * blockSize)")
        }
        // Channels-last (as the executor stores 4-D values): one copy, and the result stays
        // channels-last for the convolution and element-wise operations that read it.
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (f, out) = (blockSize, x.shape[1] / (blockSize * blockSize))
        let pixels = x.permuted([0, 2, 3, 1])
        let blocks = switch order {
        case .tensorflow: pixels.reshaped([n, h, w, f, f, out]).permuted([0, 1, 3, 2, 4, 5])
        case .pytorch: pixels.reshaped([n, h, w, out, f, f]).permuted([0, 1, 4, 2, 5, 3])
        }
        return [blocks.reshaped([n, h * f, w * f, out]).permuted([0, 3, 1, 2])]
    }
}
