/// One layer line of an ncnn `.param` file: `type name inputs outputs bottom… top… id=value…`.
public struct NCNNLayerDescription: Sendable, Equatable {
    /// The layer type, e.g. `Convolution`.
    public var type: String
    public var name: String
    /// The blobs it reads, by name.
    public var inputs: [String]
    /// The blobs it writes, by name.
    public var outputs: [String]
    public var params: NCNNParamDict

    public init(type: String, name: String, inputs: [String], outputs: [String], params: NCNNParamDict = NCNNParamDict()) {
        self.type = type
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.params = params
    }

    /// `type 'name'`, for messages.
    public var label: String { "\(type) '\(name)'" }
}
