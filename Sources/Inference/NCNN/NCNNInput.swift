import Tensors

/// ncnn `Input`: declares a graph input blob (0=w, 1=h, 2=c, informative only); the network
/// feeds it and never runs this layer.
public struct NCNNInput: NCNNLayer {
    /// The blob the network feeds.
    public let blob: String

    public init(_ layer: NCNNLayerDescription) throws(NCNNModelIssue) {
        guard layer.inputs.isEmpty, layer.outputs.count == 1 else {
            throw NCNNModelIssue("an Input layer has no inputs and one output")
        }
        blob = layer.outputs[0]
    }

    public func run(_ inputs: [Tensor]) throws(NCNNModelIssue) -> [Tensor] { inputs }
}
