/// What is wrong with one part of a model (a tensor, an attribute, a node), without the file
/// name; the reader and the executor turn it into an `ONNXError` that names the file.
public struct ONNXModelIssue: Error {
    public let message: String
    public init(_ message: String) { self.message = message }
}
