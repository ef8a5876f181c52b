@testable import FaceAnalysis
import Foundation
@testable import Inference
import Testing
import TestSupport

@Suite struct ONNXReaderTests {
    @Test func readsCenterFaceGraph() throws {
        let model = try ONNXModel(contentsOf: ONNXFixtures.centerFaceModel())
        #expect(model.opsetVersion == 9)
        #expect(model.producer == "pytorch 1.2")
        #expect(model.inputs.map(\.name) == ["input.1"])
        #expect(model.inputs[0].elementType == .float)
        #expect(model.inputs[0].dimensions == [.fixed(10), .fixed(3), .fixed(32), .fixed(32)])
        #expect(model.outputs.map(\.name) == ["537", "538", "539", "540"])
        let counts = Dictionary(grouping: model.nodes, by: \.operatorType).mapValues(\.count)
        #expect(counts == ["Conv": 60, "Relu": 42, "Add": 13, "ConvTranspose": 3, "BatchNormalization": 3, "Sigmoid": 1])
        #expect(model.nodes.allSatisfy { $0.domain.isEmpty })
        let firstConv = try #require(model.nodes.first)
        #expect(firstConv.inputs == ["input.1", "542", "544"])
        guard case .ints(let strides)? = firstConv.attributes["strides"] else {
            Issue.record("the first Conv has no strides attribute")
            return
        }
        #expect(strides == [2, 2])
        let weight = try #require(model.initializers["542"])
        #expect(weight.elementType == .float)
        #expect(weight.shape == [32, 3, 3, 3])
        // Unused initializers (PyTorch's int64 num_batches_tracked counters) are not loaded.
        #expect(model.initializers.values.allSatisfy { $0.elementType == .float })
    }

    @Test func rawDataAndFloatDataHoldTheSameWeights() throws {
        let raw = try ONNXModel(contentsOf: ONNXFixtures.url("ops.onnx"))
        let listed = try ONNXModel(contentsOf: ONNXFixtures.url("ops_float_data.onnx"))
        #expect(raw.initializers.count == 15)
        #expect(Set(raw.initializers.keys) == Set(listed.initializers.keys))
        for (name, tensor) in raw.initializers {
            let other = try #require(listed.initializers[name])
            #expect(tensor.shape == other.shape, "\(name)")
            #expect(tensor.floats() == other.floats(), "\(name)")
        }
        #expect(raw.initializers["two"]?.shape == [])
        #expect(raw.initializers["two"]?.floats() == [2])
        #expect(raw.inputs[0].dimensions == [.symbolic("N"), .fixed(4), .symbolic("H"), .symbolic("W")])
    }

    @Test func truncatedFileGivesOneLineErrorNamingIt() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try Data(contentsOf: ONNXFixtures.centerFaceModel())
        for fraction in [0.5, 0.999] {
            let file = folder.appendingPathComponent("truncated-\(fraction).onnx")
            try data.prefix(Int(Double(data.count) * fraction)).write(to: file)
            let error = try #require(throws: ONNXError.self) { try ONNXModel(contentsOf: file) }
            #expect(error.message.hasPrefix(file.path + ": "))
            #expect(error.message.contains("truncated"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func fileThatIsNotProtobufGivesOneLineErrorNamingIt() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = ["this is a text file, not an ONNX model\n", "", "{\"graph\": []}"]
        for (index, text) in texts.enumerated() {
            let file = folder.appendingPathComponent("model-\(index).onnx")
            try Data(text.utf8).write(to: file)
            let error = try #require(throws: ONNXError.self) { try ONNXModel(contentsOf: file) }
            #expect(error.message.hasPrefix(file.path + ": "), "\(error.message)")
            #expect(error.message.contains("not"), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
        let missing = folder.appendingPathComponent("missing.onnx")
        let error = try #require(throws: ONNXError.self) { try ONNXModel(contentsOf: missing) }
        #expect(error.message == "\(missing.path): no such file")
    }

    @Test func foldsBatchNormalizationIntoThePrecedingConvolution() throws {
        let centerFace = try ONNXModel(contentsOf: ONNXFixtures.centerFaceModel()).foldingBatchNormalizations()
        #expect(!centerFace.nodes.contains { $0.operatorType == "BatchNormalization" })
        #expect(centerFace.nodes.count == 122 - 3)
        let ops = try ONNXModel(contentsOf: ONNXFixtures.url("ops.onnx")).foldingBatchNormalizations()
        // The normalization after the grouped Conv folds; the one after Sigmoid cannot.
        #expect(ops.nodes.filter { $0.operatorType == "BatchNormalization" }.map(\.name) == ["bn_alone"])
        #expect(ops.nodes.first { $0.name == "conv_grouped" }?.outputs == ["b2"])
        #expect(ops.initializers["bn2_scale"] == nil)
        #expect(ops.initializers["w2"] == nil)
    }

    /// A one-node model X → Relu → Y whose initializer `W` (read by a second input of the node) is `tensor`.
    private func modelReading(_ tensor: Onnx_TensorProto, attribute: Onnx_AttributeProto? = nil) throws -> Data {
        var model = Onnx_ModelProto()
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 11
        model.opsetImport = [opset]
        var node = Onnx_NodeProto()
        node.opType = "Relu"
        node.name = "relu"
        node.input = ["X", "W"]
        node.output = ["Y"]
        if let attribute { node.attribute = [attribute] }
        var input = Onnx_ValueInfoProto()
        input.name = "X"
        var output = Onnx_ValueInfoProto()
        output.name = "Y"
        model.graph.node = [node]
        model.graph.input = [input]
        model.graph.output = [output]
        model.graph.initializer = [tensor]
        return try model.serializedBytes()
    }

    @Test func tensorsMasqueCannotReadGiveErrorsNamingThem() throws {
        var external = Onnx_TensorProto()
        external.name = "W"
        external.dataType = 1
        external.dims = [2]
        external.dataLocation = .external
        let externalError = try #require(throws: ONNXError.self) {
            try ONNXModel(serialized: modelReading(external), source: "external.onnx")
        }
        #expect(externalError.message.hasPrefix("external.onnx: tensor 'W' keeps its data in an external file"))

        var strings = Onnx_TensorProto()
        strings.name = "W"
        strings.dataType = 8
        let typeError = try #require(throws: ONNXError.self) {
            try ONNXModel(serialized: modelReading(strings), source: "strings.onnx")
        }
        #expect(typeError.message == "strings.onnx: tensor 'W' has element type STRING, which Masque does not read")

        var short = Onnx_TensorProto()
        short.name = "W"
        short.dataType = 1
        short.dims = [3]
        short.rawData = Data(count: 8)
        let sizeError = try #require(throws: ONNXError.self) {
            try ONNXModel(serialized: modelReading(short), source: "short.onnx")
        }
        #expect(sizeError.message == "short.onnx: tensor 'W' holds 8 bytes of data, its shape [3] of FLOAT needs 12")

        var graphAttribute = Onnx_AttributeProto()
        graphAttribute.name = "body"
        graphAttribute.type = .graph
        var fine = Onnx_TensorProto()
        fine.name = "W"
        fine.dataType = 1
        fine.floatData = [1]
        fine.dims = [1]
        let attributeError = try #require(throws: ONNXError.self) {
            try ONNXModel(serialized: modelReading(fine, attribute: graphAttribute), source: "graph.onnx")
        }
        #expect(attributeError.message == "graph.onnx: node 'relu' (Relu): attribute 'body' is of kind GRAPH, which Masque does not read")
        #expect(try ONNXModel(serialized: modelReading(fine), source: "fine.onnx").initializers["W"]?.floats() == [1])
    }
}
