/// What is wrong with one part of an ncnn model (a parameter, a layer's weights, a blob), without
/// the file name; the reader and the network turn it into an `NCNNError` that names the file.
public struct NCNNModelIssue: Error {
    public let message: String
    /// Whether the fault lies in the `.bin` weights rather than the `.param` graph.
    public let concernsWeights: Bool

    public init(_ message: String, concernsWeights: Bool = false) {
        self.message = message
        self.concernsWeights = concernsWeights
    }
}
