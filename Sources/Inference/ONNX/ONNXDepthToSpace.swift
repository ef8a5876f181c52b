import Tensors

/// ONNX `DepthToSpace` on NCHW: `blocksize`, mode `DCR` (TensorFlow's order, DFL's) or `CRD`
/// (PyTorch's `pixel_shuffle`).
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
        return [x.depthToSpace(blockSize, order: order)]
    }
}
