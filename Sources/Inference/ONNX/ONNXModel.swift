import Foundation
import SwiftProtobuf

/// An ONNX model read from a file (`ModelProto`): its graph's inputs, outputs, nodes in
/// topological order, and the constants the nodes read. Reading checks that the file is a
/// complete ONNX model whose every node reads only values defined before it.
public struct ONNXModel: Sendable {
    /// Where the model came from (a file path), named in every error.
    public let source: String
    public let irVersion: Int
    /// The version of the default ONNX operator set the model uses.
    public let opsetVersion: Int
    /// The program that wrote the file and its version, e.g. `pytorch 1.2`.
    public let producer: String
    /// The graph inputs the caller feeds (inputs that are also initializers are constants).
    public let inputs: [ONNXValueInfo]
    public let outputs: [ONNXValueInfo]
    public let nodes: [ONNXNode]
    /// The constants the nodes read, by value name.
    public let initializers: [String: ONNXTensorData]

    /// Reads the ONNX file at `url`.
    public init(contentsOf url: URL) throws(ONNXError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot read it" : "no such file"
            throw ONNXError("\(url.path): \(reason)")
        }
        try self.init(serialized: data, source: url.path)
    }

    /// Reads a serialized `ModelProto`; `source` names it in errors.
    public init(serialized data: Data, source: String) throws(ONNXError) {
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw ONNXError("\(source): not a readable ONNX model (\(error)); the file is truncated or not an ONNX file")
        }
        do {
            try self.init(proto: proto, source: source)
        } catch {
            throw ONNXError("\(source): \(error.message)")
        }
    }

    /// A model with the same graph interface and `nodes` and `initializers` replaced.
    public init(rewriting model: ONNXModel, nodes: [ONNXNode], initializers: [String: ONNXTensorData]) {
        source = model.source
        irVersion = model.irVersion
        opsetVersion = model.opsetVersion
        producer = model.producer
        inputs = model.inputs
        outputs = model.outputs
        self.nodes = nodes
        self.initializers = initializers
    }

    private init(proto: Onnx_ModelProto, source: String) throws(ONNXModelIssue) {
        self.source = source
        guard proto.hasGraph, !proto.graph.node.isEmpty else {
            throw ONNXModelIssue("not an ONNX model: it holds no graph (the file is truncated or not an ONNX file)")
        }
        guard let opset = proto.opsetImport.first(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" }) else {
            throw ONNXModelIssue("the model imports no version of the default ONNX operator set")
        }
        irVersion = Int(proto.irVersion)
        opsetVersion = Int(opset.version)
        producer = [proto.producerName, proto.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        let graph = proto.graph
        guard graph.sparseInitializer.isEmpty else {
            throw ONNXModelIssue("the graph holds sparse initializers, which Masque does not read")
        }
        nodes = try graph.node.enumerated().map { index, node throws(ONNXModelIssue) in try ONNXNode(proto: node, index: index) }

        let initializerNames = Set(graph.initializer.map(\.name))
        inputs = graph.input.filter { !initializerNames.contains($0.name) }.map(ONNXValueInfo.init(proto:))
        outputs = graph.output.map(ONNXValueInfo.init(proto:))

        var defined = Set(inputs.map(\.name)).union(initializerNames)
        var used: Set<String> = []
        for node in nodes {
            for input in node.inputs where !input.isEmpty {
                guard defined.contains(input) else {
                    throw ONNXModelIssue("node \(node.label) reads '\(input)', which no earlier node, graph input or initializer defines (the graph is damaged or not sorted)")
                }
                used.insert(input)
            }
            defined.formUnion(node.outputs.filter { !$0.isEmpty })
        }
        for output in outputs {
            guard defined.contains(output.name) else {
                throw ONNXModelIssue("graph output '\(output.name)' is defined by no node, input or initializer")
            }
            used.insert(output.name)
        }
        var initializers: [String: ONNXTensorData] = [:]
        for tensor in graph.initializer where used.contains(tensor.name) {
            initializers[tensor.name] = try ONNXTensorData(proto: tensor)
        }
        self.initializers = initializers
    }
}
