/// One operator call of an ONNX graph (`NodeProto`).
public struct ONNXNode: Sendable {
    /// The node's name; `#<index>` when the file gives none.
    public let name: String
    /// The operator, e.g. `Conv`.
    public let operatorType: String
    /// The operator set's domain; empty for the default ONNX domain.
    public let domain: String
    /// Names of the values it reads; an empty name stands for an omitted optional input.
    public let inputs: [String]
    /// Names of the values it writes.
    public let outputs: [String]
    public let attributes: [String: ONNXAttribute]

    public init(name: String, operatorType: String, domain: String = "", inputs: [String], outputs: [String],
                attributes: [String: ONNXAttribute] = [:]) {
        self.name = name
        self.operatorType = operatorType
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    init(proto: Onnx_NodeProto, index: Int) throws(ONNXModelIssue) {
        name = proto.name.isEmpty ? "#\(index)" : proto.name
        operatorType = proto.opType
        domain = proto.domain
        inputs = proto.input
        outputs = proto.output
        var attributes: [String: ONNXAttribute] = [:]
        for attribute in proto.attribute {
            do {
                attributes[attribute.name] = try ONNXAttribute(proto: attribute)
            } catch {
                throw ONNXModelIssue("node '\(name)' (\(proto.opType)): \(error.message)")
            }
        }
        self.attributes = attributes
    }

    /// `'name' (Operator)`, how messages name the node.
    public var label: String { "'\(name)' (\(operatorType))" }
}
