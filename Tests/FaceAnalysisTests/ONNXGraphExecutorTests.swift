import FaceAnalysis
import Foundation
import Inference
import Tensors
import Testing
import TestSupport

@Suite struct ONNXGraphExecutorTests {
    /// Largest difference allowed from onnxruntime on the ops graph, whose outputs are of order 1:
    /// measured 1.9e-6 on the CPU; CUDA convolutions may use TF32 (10-bit mantissa), hence 2e-3 there.
    static func tolerance(on device: Device) -> Float { device == .cpu ? 1e-5 : 2e-3 }

    private func expectMatchesOnnxRuntime(model: String, device: Device) throws {
        let executor = try ONNXGraphExecutor(contentsOf: ONNXFixtures.url(model), device: device)
        let outputs = try executor.run(["X": ONNXFixtures.tensor("onnx/ops_input.npy")])
        for name in ["features", "skip"] {
            let expected = try ONNXFixtures.tensor("onnx/ops_\(name).npy")
            let actual = try #require(outputs[name])
            #expect(actual.device == device)
            #expect(actual.shape == expected.shape, "\(name)")
            guard actual.shape == expected.shape else { continue }
            let difference = maxAbsDifference(actual.floats(), expected.floats())
            #expect(difference <= Self.tolerance(on: device), "\(model) \(name): max |Masque − onnxruntime| = \(difference)")
        }
    }

    @Test func opsGraphMatchesOnnxRuntime() throws {
        try expectMatchesOnnxRuntime(model: "ops.onnx", device: .cpu)
        try expectMatchesOnnxRuntime(model: "ops_float_data.onnx", device: .cpu)
    }

    @Test(.enabled(if: Runtime.cudaDeviceCount > 0, "needs a CUDA device"))
    func opsGraphMatchesOnnxRuntimeOnCUDA() throws {
        try expectMatchesOnnxRuntime(model: "ops.onnx", device: .cuda(0))
    }

    @Test func batchAndSpatialSizesAreFree() throws {
        let executor = try ONNXGraphExecutor(contentsOf: ONNXFixtures.url("ops.onnx"))
        let full = try ONNXFixtures.tensor("onnx/ops_input.npy")
        let single = try #require(executor.run(["X": full.slice(0, 1, 2)])["skip"])
        let batch = try #require(executor.run(["X": full])["skip"])
        #expect(maxAbsDifference(single.floats(), batch.slice(0, 1, 2).floats()) <= 1e-5)
        let larger = try #require(executor.run(["X": Tensor.zeros([3, 4, 40, 33])])["features"])
        // Per axis: conv_asymmetric ⌊(n + pads − 3) / 2⌋ + 1, then deconv 2·(n − 1) + 1 + 3 − pads.
        #expect(larger.shape == [3, 6, 43, 33])
    }

    @Test func aLeakyReluReadingOnlyAConvolutionIsMergedIntoIt() throws {
        let model = try ONNXModel(contentsOf: ONNXFixtures.url("ops.onnx"))
        let fused = model.fusingConvolutionActivations()
        #expect(fused.nodes.count == model.nodes.count - 1)
        #expect(!fused.nodes.contains { $0.name == "leaky" })
        let convolution = try #require(fused.nodes.first { $0.name == "conv_asymmetric" })
        #expect(convolution.outputs == ["r1"])
        #expect(try ONNXConvolution(node: convolution).activation == .leakyRelu(slope: 0.2))
        // The Relu after the Concat stays: only a convolution's output is merged.
        #expect(fused.nodes.contains { $0.name == "relu" })
    }

    @Test func depthToSpaceInBothModesOnEitherLayout() throws {
        let f = try ReferenceFixtures.tensors("torch/depth_to_space.safetensors")
        for (mode, expected) in [("DCR", f["dcr"]!), ("CRD", f["crd"]!)] {
            let kernel = try ONNXDepthToSpace(node: ONNXNode(name: "d2s", operatorType: "DepthToSpace", inputs: ["x"], outputs: ["y"],
                                                            attributes: ["blocksize": .int(2), "mode": .string(mode)]))
            for input in [f["x"]!, f["x"]!.channelsLast()] {
                let output = try kernel.run([input])[0]
                #expect(output.shape == expected.shape)
                #expect(output.contiguous().floats() == expected.contiguous().floats(), "\(mode)")
            }
        }
    }

    @Test func packedWeightsFollowTheInputShapeAcrossManyShapes() throws {
        let executor = try ONNXGraphExecutor(contentsOf: ONNXFixtures.url("ops.onnx"))
        let input = try ONNXFixtures.tensor("onnx/ops_input.npy")
        let first = try #require(executor.run(["X": input])["skip"]).floats()
        for size in 20..<26 { _ = try executor.run(["X": Tensor.zeros([1, 4, size, size])]) }
        let again = try #require(executor.run(["X": input])["skip"]).floats()
        #expect(again == first, "the first shape's weights are packed again once evicted")
        let expected = try ONNXFixtures.tensor("onnx/ops_skip.npy")
        #expect(maxAbsDifference(again, expected.floats()) <= Self.tolerance(on: .cpu))
    }

    /// A constant B is packed for oneDNN from its second run, per row count; a B made anew on
    /// each run is never packed. Small dyadic values keep every product exact.
    @Test func matrixProductsAreExactWhetherTheWeightIsPackedOrNot() throws {
        let kernel = ONNXMatMul()
        let weightValues: [Float] = [1, -2, 3, 0.5, 4, -1]
        let weight = Tensor(weightValues, shape: [2, 3])
        for (rows, fresh) in [(1, false), (1, false), (4, false), (1, false), (3, true), (3, true)] {
            let inputs = (0..<rows * 2).map { Float($0) - 1.5 }
            let product = try kernel.run([Tensor(inputs, shape: [rows, 2]), fresh ? Tensor(weightValues, shape: [2, 3]) : weight])[0]
            var expected: [Float] = []
            for row in 0..<rows {
                for column in 0..<3 {
                    let first: Float = inputs[row * 2] * weightValues[column]
                    expected.append(first + inputs[row * 2 + 1] * weightValues[3 + column])
                }
            }
            #expect(product.shape == [rows, 3])
            #expect(product.floats() == expected, "\(rows) rows, \(fresh ? "a new" : "the same") weight")
        }
    }

    @Test func unsupportedOperatorGivesOneLineErrorNamingFileAndOperator() throws {
        let file = ONNXFixtures.url("unsupported.onnx")
        let error = try #require(throws: ONNXError.self) { try ONNXGraphExecutor(contentsOf: file) }
        #expect(error.message.hasPrefix(file.path + ": unsupported ONNX operator 'Softmax' at node 'softmax'"))
        #expect(error.message.contains("Conv, ConvTranspose"))
        #expect(!error.message.contains("\n"))
    }

    @Test func inputsThatDoNotFitGiveErrorsInsteadOfStopping() throws {
        let file = ONNXFixtures.url("ops.onnx")
        let executor = try ONNXGraphExecutor(contentsOf: file)
        let wrongChannels = try #require(throws: ONNXError.self) { try executor.run(["X": Tensor.zeros([1, 3, 16, 16])]) }
        #expect(wrongChannels.message == "\(file.path): input 'X' has shape [1, 3, 16, 16], expected [*, 4, *, *]")
        let wrongRank = try #require(throws: ONNXError.self) { try executor.run(["X": Tensor.zeros([4, 16, 16])]) }
        #expect(wrongRank.message.hasPrefix("\(file.path): input 'X' has shape [4, 16, 16]"))
        let wrongType = try #require(throws: ONNXError.self) {
            try executor.run(["X": Tensor.zeros([1, 4, 16, 16], dtype: .float64)])
        }
        #expect(wrongType.message == "\(file.path): input 'X' is f64, expected f32")
        let missing = try #require(throws: ONNXError.self) { try executor.run([:]) }
        #expect(missing.message == "\(file.path): input 'X' was not given")
        let unknown = try #require(throws: ONNXError.self) {
            try executor.run(["X": Tensor.zeros([1, 4, 16, 16]), "Y": Tensor.zeros([1])])
        }
        #expect(unknown.message.hasPrefix("\(file.path): the model has no input 'Y'"))
        // Too small for the kernels: the first convolution reports it rather than libtorch stopping the process.
        let tiny = try #require(throws: ONNXError.self) { try executor.run(["X": Tensor.zeros([1, 4, 1, 1])]) }
        #expect(tiny.message.hasPrefix("\(file.path): node 'conv_asymmetric' (Conv): input [1, 4, 1, 1] is smaller than the 3x3 kernel extent"))
    }
}
