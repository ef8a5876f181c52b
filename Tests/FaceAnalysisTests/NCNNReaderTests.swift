import Foundation
import Inference
import Tensors
import Testing
import TestSupport

/// The ncnn reader and network on a tiny hand-written graph whose every value is worked out here.
@Suite struct NCNNReaderTests {
    /// Input 1×3×3 → 3×3 convolution (2 outputs, pad 1, bias, leaky ReLU 0.1) → Split ×3 →
    /// Eltwise sum 0.5·a + 2·b → Concat with the convolution → BinaryOp + 1 → Interp nearest ×2.
    static let param = """
    7767517
    7 9
    Input            in       0 1 data 0=3 1=3 2=1
    Convolution      conv     1 1 data c 0=2 1=3 4=1 5=1 6=18 9=2 -23310=1,1.000000e-01
    Split            split    1 3 c c0 c1 c2
    Eltwise          sum      2 1 c0 c1 e 0=1 -23301=2,5.000000e-01,2.0
    Concat           cat      2 1 c2 e k 0=0
    BinaryOp         plus     1 1 k s 0=0 1=1 2=1.0
    Interp           up       1 1 s out 0=1 1=2.0 2=2.0
    """

    /// Kernel 0 is the identity (centre 1), kernel 1 minus the sum of the 3×3 neighbourhood.
    static let kernels: [Float] = [0, 0, 0, 0, 1, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1]
    static let bias: [Float] = [0.5, 0.25]
    static let input: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]

    static func weights(float16: Bool) -> Data {
        var data = Data()
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        if float16 {
            append(NCNNWeightReader.float16Tag)
            for value in kernels { withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        } else {
            append(0)
            for value in kernels { append(value.bitPattern) }
        }
        for value in bias { append(value.bitPattern) }
        return data
    }

    /// The expected output [1, 4, 6, 6], worked out by hand from the layers' definitions.
    static var expected: [Float] {
        func at(_ y: Int, _ x: Int) -> Float { (0..<3).contains(y) && (0..<3).contains(x) ? input[y * 3 + x] : 0 }
        func leaky(_ v: Float) -> Float { v >= 0 ? v : 0.1 * v }
        var conv: [[Float]] = [[], []]
        for y in 0..<3 {
            for x in 0..<3 {
                conv[0].append(leaky(at(y, x) + bias[0]))
                var sum: Float = 0
                for dy in -1...1 {
                    for dx in -1...1 { sum += at(y + dy, x + dx) }
                }
                conv[1].append(leaky(bias[1] - sum))
            }
        }
        let summed: [[Float]] = conv.map { plane in plane.map { value in 0.5 * value + 2 * value } }
        var result: [Float] = []
        for plane in conv + summed {
            for y in 0..<6 {
                for x in 0..<6 { result.append(plane[(y / 2) * 3 + x / 2] + 1) }
            }
        }
        return result
    }

    static func network(float16: Bool = true, param: String = param, weights: Data? = nil) throws -> NCNNNetwork {
        try NCNNNetwork(graph: NCNNParamFile(text: param, source: "tiny.param"),
                        weights: weights ?? Self.weights(float16: float16), weightSource: "tiny.bin")
    }

    @Test func parsesLayersBlobsAndParameters() throws {
        let graph = try NCNNParamFile(text: Self.param, source: "tiny.param")
        #expect(graph.layers.map(\.type) == ["Input", "Convolution", "Split", "Eltwise", "Concat", "BinaryOp", "Interp"])
        #expect(graph.blobCount == 9)
        let conv = graph.layers[1]
        #expect(conv.inputs == ["data"] && conv.outputs == ["c"])
        #expect(conv.params.values[0] == .int(2) && conv.params.values[10] == .floats([0.1]))
        #expect(graph.layers[3].params.values[1] == .floats([0.5, 2]))
        #expect(graph.layers[6].params.values[1] == .float(2))
    }

    @Test(arguments: [true, false])
    func runsTheGraphAsWorkedOut(float16: Bool) throws {
        let network = try Self.network(float16: float16)
        #expect(network.inputNames == ["data"] && network.outputNames == ["out"])
        let output = try #require(network.run(["data": Tensor(Self.input, shape: [1, 1, 3, 3])])["out"])
        #expect(output.shape == [1, 4, 6, 6])
        #expect(maxAbsDifference(output.floats(), Self.expected) <= 1e-5)
    }

    @Test func runsABatch() throws {
        let network = try Self.network()
        let batch = Tensor.cat([Tensor(Self.input, shape: [1, 1, 3, 3]), Tensor(Self.input, shape: [1, 1, 3, 3])], dim: 0)
        let output = try #require(network.run(["data": batch])["out"])
        #expect(output.shape == [2, 4, 6, 6])
        #expect(maxAbsDifference(output.floats(), Self.expected + Self.expected) <= 1e-5)
    }

    @Test func anUnknownLayerTypeIsNamedWithTheFile() {
        let param = Self.param.replacingOccurrences(of: "Interp           up", with: "Deconvolution    up")
        #expect { try Self.network(param: param) } throws: { error in
            "\(error)".contains("tiny.param") && "\(error)".contains("'Deconvolution'") && !"\(error)".contains("\n")
        }
    }

    @Test func quantizedWeightsAreRefusedInOneLine() {
        var weights = Self.weights(float16: false)
        weights.replaceSubrange(0..<4, with: [0x38, 0x4B, 0x0D, 0x00])
        #expect { try Self.network(weights: weights) } throws: { error in
            "\(error)".contains("tiny.bin") && "\(error)".contains("int8") && !"\(error)".contains("\n")
        }
    }

    @Test func weightsOfAnotherGraphAreRefused() {
        let short = Self.weights(float16: true).dropLast(4)
        #expect { try Self.network(weights: Data(short)) } throws: { error in "\(error)".contains("cut short") }
        let long = Self.weights(float16: true) + Data([0, 0, 0, 0])
        #expect { try Self.network(weights: long) } throws: { error in "\(error)".contains("4 bytes are left") }
    }

    @Test func aFileWithoutTheMagicOrWithWrongCountsIsRefused() {
        #expect(throws: NCNNError.self) { try NCNNParamFile(text: "7767518\n1 1\nInput in 0 1 data\n", source: "x.param") }
        #expect { try NCNNParamFile(text: Self.param.replacingOccurrences(of: "7 9", with: "8 9"), source: "x.param") } throws: { error in
            "\(error)".contains("declares 8 layers")
        }
        #expect(throws: NCNNError.self) { try NCNNParamFile(text: "7767517\n1 1\nInput in 0 1 data 0\n", source: "x.param") }
    }
}
