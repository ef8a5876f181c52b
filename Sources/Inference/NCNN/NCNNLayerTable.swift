/// The ncnn layer types Masque runs, each loaded from its `.param` line and its weights.
public enum NCNNLayerTable {
    public typealias Load = @Sendable (NCNNLayerDescription, inout NCNNWeightReader) throws(NCNNModelIssue) -> any NCNNLayer

    public static let layers: [String: Load] = [
        "Input": { layer, _ throws(NCNNModelIssue) in try NCNNInput(layer) },
        "Split": { layer, _ throws(NCNNModelIssue) in try NCNNSplit(layer) },
        "Concat": { layer, _ throws(NCNNModelIssue) in try NCNNConcat(layer) },
        "Convolution": { layer, weights throws(NCNNModelIssue) in try NCNNConvolution(layer, weights: &weights) },
        "Eltwise": { layer, _ throws(NCNNModelIssue) in try NCNNEltwise(layer) },
        "BinaryOp": { layer, _ throws(NCNNModelIssue) in try NCNNBinaryOp(layer) },
        "Interp": { layer, _ throws(NCNNModelIssue) in try NCNNInterp(layer) },
    ]

    /// The supported layer types, sorted, for messages.
    public static var supportedNames: String { layers.keys.sorted().joined(separator: ", ") }
}
