import Tensors

/// ncnn `Split`: hands its input on to each of its outputs (no copy).
public struct NCNNSplit: NCNNLayer {
    public let outputCount: Int

    public init(_ layer: NCNNLayerDescription) throws(NCNNModelIssue) {
        guard layer.inputs.count == 1, !layer.outputs.isEmpty else { throw NCNNModelIssue("a Split layer has one input") }
        outputCount = layer.outputs.count
    }

    public func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor] {
        try require(inputs, count: 1)
        return Array(repeating: inputs[0], count: outputCount)
    }
}
