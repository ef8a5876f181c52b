import Tensors

/// ONNX `Pad`, constant mode, on the two spatial axes of an NCHW tensor: the pads from the int64
/// second input (opset 11 and later) or the `pads` attribute (earlier), the value from the
/// optional third input or the `value` attribute (default 0).
public struct ONNXPad: ONNXKernel {
    public let attributePads: [Int]?
    public let attributeValue: Float

    public init(node: ONNXNode) throws(ONNXModelIssue) {
        let mode = try node.string("mode", default: "constant")
        guard mode == "constant" else { throw ONNXModelIssue("Pad mode '\(mode)'; Masque pads with a constant only") }
        attributePads = try node.ints("pads", default: nil)
        attributeValue = try node.float("value", default: 0)
    }

    public func run(_ inputs: [Tensor?]) throws(ONNXModelIssue) -> [Tensor] {
        let x = try required(inputs, 0, "data")
        let pads: [Int]
        if inputs.count > 1, let given = inputs[1] {
            pads = given.to(.int64, device: .cpu).toArray(of: Int64.self).map(Int.init)
        } else if let attributePads {
            pads = attributePads
        } else {
            throw ONNXModelIssue("no pads given")
        }
        let value = inputs.count > 2 ? inputs[2].map { Float($0.to(.float32, device: .cpu).item()) } ?? attributeValue : attributeValue
        guard x.rank == 4, pads.count == 8, pads[0] == 0, pads[1] == 0, pads[4] == 0, pads[5] == 0, pads.allSatisfy({ $0 >= 0 }) else {
            throw ONNXModelIssue("pads \(pads) of \(x.shape): Masque pads the two spatial axes of an NCHW tensor only")
        }
        return [x.padded(left: pads[3], right: pads[7], top: pads[2], bottom: pads[6], value: Double(value))]
    }
}
