import FaceAnalysis
import Foundation
import Inference
import Tensors
import Testing
import TestSupport

/// The TFLite reader and runner against the reference interpreter (LiteRT's reference kernels),
/// on the tiny models written by `Tests/Reference/make_tflite_fixtures.py`.
@Suite struct TFLiteRunnerTests {
    static let operatorModel = ReferenceFixtures.url("tflite/ops.tflite")

    /// Every operator Masque runs, at odd sizes: each output within 2e-5 + 1e-5·|value| of the
    /// interpreter's (float32 sums in a different order).
    @Test func operatorsMatchTheReferenceInterpreter() throws {
        let interpreter = try TFLiteInterpreter(contentsOf: Self.operatorModel)
        let input = try NumpyArray(reference: "tflite/ops_input.npy")
        #expect(interpreter.inputShapes == [input.shape])
        let outputs = try interpreter.run([Tensor(input.values(as: Float.self), shape: input.shape)])
        #expect(outputs.count == 6)
        for (index, output) in outputs.enumerated() {
            let expected = try NumpyArray(reference: "tflite/ops_output_\(index).npy")
            #expect(output.shape == expected.shape, "output \(index)")
            #expect(interpreter.outputShapes[index] == expected.shape)
            let worst = zip(output.floats(), expected.values(as: Float.self))
                .map { abs($0 - $1) - 1e-5 * abs($1) }.max() ?? 0
            #expect(worst <= 2e-5, "output \(index) differs by \(worst)")
        }
    }

    @Test func readsTheModelStructure() throws {
        let model = try TFLiteModel(contentsOf: Self.operatorModel)
        #expect(model.version == 3)
        #expect(model.modelDescription == "Masque operator fixture")
        let graph = try #require(model.subgraphs.first)
        let names = Set(graph.operators.map { model.operatorCodes[$0.opcodeIndex].name })
        #expect(names == Set(TFLiteInterpreter.supportedOperators))
        let int8 = try #require(graph.tensors.first { $0.name == "w8" })
        #expect(int8.type == .int8 && int8.shape == [2, 3, 3, 3])
        let quantization = try #require(int8.quantization)
        #expect(quantization.scale == [0.02, 0.05] && quantization.zeroPoint == [0, 3])
        #expect(quantization.quantizedDimension == 0)
    }

    @Test func refusesAnUnsupportedOperatorByName() throws {
        let url = ReferenceFixtures.url("tflite/unsupported_op.tflite")
        let error = try #require(throws: TFLiteError.self) { try TFLiteInterpreter(contentsOf: url) }
        #expect(error.description.contains(url.path))
        #expect(error.description.contains("HARD_SWISH"))
        #expect(error.description.contains("CONV_2D"))
        #expect(!error.description.contains("\n"))
    }

    @Test func refusesInputsOfTheWrongShape() throws {
        let interpreter = try TFLiteInterpreter(contentsOf: Self.operatorModel)
        let error = try #require(throws: TFLiteError.self) { try interpreter.run([Tensor.zeros([1, 9, 10, 3])]) }
        #expect(error.description.contains("[1, 9, 11, 3]"))
    }

    /// A graph that keeps dimension 0 as a batch (every operator of ops.tflite, its RESHAPE
    /// included) runs three inputs stacked on it: each output slice equals that input's own run
    /// within 1e-5 (float32 sums in a different order).
    @Test func aBatchRunsLikeItsInputsOneByOne() throws {
        let interpreter = try TFLiteInterpreter(contentsOf: Self.operatorModel)
        #expect(interpreter.runsBatches)
        let stored = try NumpyArray(reference: "tflite/ops_input.npy")
        let inputs = [Tensor(stored.values(as: Float.self), shape: stored.shape), Tensor.normal([1, 9, 11, 3]),
                      Tensor.normal([1, 9, 11, 3])]
        let batched = try interpreter.run([Tensor.cat(inputs, dim: 0)])
        let alone = try inputs.map { (input: Tensor) throws(TFLiteError) -> [Tensor] in try interpreter.run([input]) }
        for (index, output) in batched.enumerated() {
            #expect(output.shape == [3] + interpreter.outputShapes[index].dropFirst(), "output \(index)")
            for sample in 0..<3 {
                let worst = maxAbsDifference(output.slice(0, sample, sample + 1).floats(), alone[sample][index].floats())
                #expect(worst <= 1e-5, "output \(index), input \(sample): \(worst)")
            }
        }
    }

    /// A RESHAPE that folds dimension 0 away ([1, 4, 4, 2] to [32]) makes a batch meaningless:
    /// the graph runs its declared shape and refuses a batch with the shape it takes.
    @Test func refusesABatchWhereTheGraphFoldsItAway() throws {
        let interpreter = try TFLiteInterpreter(contentsOf: ReferenceFixtures.url("tflite/flatten.tflite"))
        #expect(!interpreter.runsBatches)
        #expect(try interpreter.run([Tensor.zeros([1, 4, 4, 2])])[0].shape == [32])
        let error = try #require(throws: TFLiteError.self) { try interpreter.run([Tensor.zeros([2, 4, 4, 2])]) }
        #expect(error.description.contains("[1, 4, 4, 2]") && error.description.contains("[2, 4, 4, 2]"))
    }

    /// Ways a model file can be damaged.
    enum Damage: String, CaseIterable, Sendable {
        case truncated, empty, notAModel, rootOffsetPastTheEnd, vectorLengthPastTheEnd

        func apply(to bytes: [UInt8]) -> [UInt8] {
            switch self {
            case .truncated: Array(bytes.prefix(bytes.count / 2))
            case .empty: []
            case .notAModel: Array("this is not a TFLite model at all".utf8)
            case .rootOffsetPastTheEnd: [0xFF, 0xFF, 0xFF, 0x7F] + bytes.dropFirst(4)
            case .vectorLengthPastTheEnd: Self.withHugeVectorLength(bytes)
            }
        }

        /// The file with the length of the root table's first vector field (operator codes) set huge.
        private static func withHugeVectorLength(_ bytes: [UInt8]) -> [UInt8] {
            func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
            let root = u32(0)
            let vtable = root - Int(Int32(truncatingIfNeeded: u32(root)))
            let field = root + (Int(bytes[vtable + 6]) | Int(bytes[vtable + 7]) << 8)
            let vector = field + u32(field)
            var damaged = bytes
            damaged.replaceSubrange(vector..<vector + 4, with: [0xF0, 0xFF, 0xFF, 0x0F])
            return damaged
        }
    }

    @Test(arguments: Damage.allCases)
    func refusesACorruptFileWithOneLineNamingIt(_ damage: Damage) throws {
        let folder = try TemporaryDirectory("masque-tflite")
        let url = folder.file("damaged.tflite")
        try Data(damage.apply(to: [UInt8](try Data(contentsOf: Self.operatorModel)))).write(to: url)
        let error = try #require(throws: TFLiteError.self) { try TFLiteInterpreter(contentsOf: url) }
        #expect(error.description.hasPrefix("corrupt TFLite model \(url.path): "))
        #expect(!error.description.contains("\n"))
    }

    /// Single-byte damage anywhere in the file must give an error or a runnable graph — never a
    /// crash or an out-of-bounds read.
    @Test func survivesRandomByteDamage() throws {
        let original = [UInt8](try Data(contentsOf: Self.operatorModel))
        let input = Tensor.normal([1, 9, 11, 3])
        var generator = SeededGenerator(seed: 41)
        var refused = 0
        for trial in 0..<400 {
            var bytes = original
            let position = Int(generator.next() % UInt64(bytes.count))
            bytes[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            do {
                let interpreter = try TFLiteInterpreter(model: try TFLiteModel(bytes: bytes, source: "trial \(trial)"))
                _ = try interpreter.run([input])
            } catch {
                #expect("\(error)".contains("trial \(trial)"))
                refused += 1
            }
        }
        #expect(refused > 0)
    }
}
