import DFLFormats
import Foundation
import Inference
@testable import Models
import NN
import Tensors
import Testing
import TestSupport

/// `.dfm` export and reading: files Masque writes for SAEHD and AMP load in onnxruntime with
/// DFL's input and output names, shapes, order and opset, and give Masque's own swap; Masque's
/// ONNX runner gives the same; a `.dfm` laid out as DFL's exporter writes it (made by
/// `Tests/Reference/make_dfm_fixtures.py`: SAEHD, and AMP with tf2onnx's padding and slicing
/// operators) runs and gives the NumPy reference's faces; an ONNX
/// file that is not a `.dfm` is refused in one line.
@Suite struct DFMExportTests {
    static let tolerance: Float = 1e-5

    /// The reference's liae-ud SAEHD network (Tests/Reference/saehd/liae-ud).
    static func saehd() throws -> SAEHDNetwork {
        let network = SAEHDNetwork(architecture: .dflDefault, dimensions: SAEHDReferenceTests.dimensions)
        for (part, module) in network.parts {
            try DFLWeightLoader.load(try DFLWeightFile(contentsOf: ReferenceFixtures.url("saehd/liae-ud/fixture_SAEHD_\(part).npy")),
                                     into: module, network: "SAEHD \(part)")
        }
        return network
    }

    static func dst(_ folder: String) throws -> Tensor {
        SAEHDReferenceTests.nchw(try SafeTensors.read(ReferenceFixtures.url("\(folder)/io.safetensors"))["dst"]!)
    }

    /// Runs `file` in onnxruntime on `faces` (NCHW; fed NHWC) at `morph`: the declared inputs and
    /// outputs (`name:dims`), the opset, and the three outputs (NCHW).
    static func onnxruntime(_ file: URL, faces: Tensor, morph: Double?) throws -> (description: [String], outputs: [Tensor]) {
        let folder = try TemporaryDirectory("masque-dfm-ort")
        let input = folder.file("in.safetensors"), output = folder.file("out.safetensors")
        try SafeTensors.write(SafeTensors.Contents(tensors: [("in", faces.permuted([0, 2, 3, 1]).contiguous())]), to: input)
        let script = """
        import sys, onnx, onnxruntime as ort, numpy as np
        from safetensors.numpy import load_file, save_file
        model = onnx.load(sys.argv[1])
        session = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
        dims = lambda v: ",".join(str(d.dim_value) if d.HasField("dim_value") else "N" for d in v.type.tensor_type.shape.dim)
        print("opset", [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0])
        for v in model.graph.input: print("in", v.name + ":" + dims(v))
        for v in model.graph.output: print("out", v.name + ":" + dims(v))
        feeds = {"in_face:0": load_file(sys.argv[2])["in"]}
        if len(session.get_inputs()) == 2: feeds["morph_value:0"] = np.array([float(sys.argv[4])], np.float32)
        results = session.run(None, feeds)
        save_file({str(i): np.ascontiguousarray(r) for i, r in enumerate(results)}, sys.argv[3])
        """
        let printed = try PythonReference.run(script, arguments: [file.path, input.path, output.path, "\(morph ?? 0)"])
        let read = try SafeTensors.read(output)
        return (printed.split(separator: "\n").map(String.init), (0..<3).map { SAEHDReferenceTests.nchw(read["\($0)"]!) })
    }

    @Test(arguments: [false, true])
    func anExportedSAEHDModelRunsInOnnxruntimeAsMasqueSwaps(half: Bool) throws {
        let network = try Self.saehd()
        let faces = try Self.dst("saehd/liae-ud")
        let folder = try TemporaryDirectory("masque-dfm-saehd")
        let file = folder.file("new_SAEHD_model.dfm")
        try DFMExport.write(try DFMExport.data(network, half: half), to: file)
        let (description, outputs) = try Self.onnxruntime(file, faces: faces, morph: nil)
        #expect(description == ["opset 12", "in in_face:0:N,64,64,3", "out out_face_mask:0:N,64,64,1",
                                "out out_celeb_face:0:N,64,64,3", "out out_celeb_face_mask:0:N,64,64,1"])
        let swap = withoutGradients { network.swap(faces) }
        let tolerance: Float = half ? 2e-2 : Self.tolerance
        for (name, ours, theirs) in [("mask", swap.destinationMask, outputs[0]), ("face", swap.face, outputs[1]), ("face mask", swap.mask, outputs[2])] {
            let difference = maxAbsDifference(ours.floats(), theirs.floats())
            #expect(difference < tolerance, "\(name): onnxruntime differs from Masque by \(difference)")
        }
        let runner = try DFMModel(contentsOf: file)
        #expect(runner.resolution == 64 && !runner.takesMorph)
        let ran = try runner.swap(faces, morph: 1)
        #expect(maxAbsDifference(ran.face.floats(), outputs[1].floats()) < Self.tolerance, "Masque's ONNX runner gives onnxruntime's face")
        if half {
            let full = try DFMExport.data(network, half: false).count, small = try Data(contentsOf: file).count
            #expect(Double(small) < 0.6 * Double(full), "float16 weights: \(small) bytes against \(full)")
        }
    }

    @Test func anExportedAMPModelRunsInOnnxruntimeAtEachMorphValue() throws {
        let network = try AMPReferenceTests.network()
        let faces = try Self.dst("amp")
        let folder = try TemporaryDirectory("masque-dfm-amp")
        let file = folder.file("new_AMP_model.dfm")
        try DFMExport.write(try DFMExport.data(network), to: file)
        let runner = try DFMModel(contentsOf: file)
        #expect(runner.takesMorph && runner.inputNames == ["in_face:0", "morph_value:0"] && runner.outputNames == DFMContract.outputs)
        for morph in [0.0, 0.5, 0.65, 1.0] {
            let (description, outputs) = try Self.onnxruntime(file, faces: faces, morph: morph)
            #expect(description.contains("in morph_value:0:1") && description.first == "opset 12")
            let swap = withoutGradients { network.swap(faces, morph: morph) }
            let ran = try runner.swap(faces, morph: morph)
            for (name, ours, theirs, runs) in [("mask", swap.destinationMask, outputs[0], ran.destinationMask), ("face", swap.face, outputs[1], ran.face),
                                               ("face mask", swap.mask, outputs[2], ran.mask)] {
                let difference = maxAbsDifference(ours.floats(), theirs.floats())
                #expect(difference < Self.tolerance, "morph \(morph) \(name): onnxruntime differs from Masque by \(difference)")
                #expect(maxAbsDifference(runs.floats(), theirs.floats()) < Self.tolerance, "morph \(morph) \(name): Masque's ONNX runner")
            }
        }
    }

    @Test func aDFMLaidOutAsDFLsExporterWritesGivesTheNumpyReference() throws {
        let model = try DFMModel(contentsOf: ReferenceFixtures.url("dfm/reference_SAEHD_model.dfm"))
        #expect(model.resolution == 64 && !model.takesMorph && model.faceType == .wholeFace)
        let io = try SafeTensors.read(ReferenceFixtures.url("saehd/liae-ud/io.safetensors"))
        let swap = try model.swap(SAEHDReferenceTests.nchw(io["dst"]!), morph: 1)
        for (key, tensor) in [("src_dst", swap.face), ("src_dstm", swap.mask), ("dst_dstm", swap.destinationMask)] {
            let difference = maxAbsDifference(SAEHDReferenceTests.nhwc(tensor), io[key]!.floats())
            #expect(difference < Self.tolerance, "\(key): \(difference) from the NumPy reference")
        }
    }

    @Test(arguments: [0.0, 0.5, 0.65, 1.0])
    func anAMPDFMLaidOutAsDFLsExporterWritesGivesTheNumpyReference(morph: Double) throws {
        let model = try DFMModel(contentsOf: ReferenceFixtures.url("dfm/reference_AMP_model.dfm"))
        #expect(model.resolution == 64 && model.takesMorph)
        let io = try SafeTensors.read(ReferenceFixtures.url("amp/io.safetensors"))
        let swap = try model.swap(SAEHDReferenceTests.nchw(io["dst"]!), morph: morph)
        for (key, tensor) in [("src_dst", swap.face), ("src_dstm", swap.mask), ("dst_dstm", swap.destinationMask)] {
            let difference = maxAbsDifference(SAEHDReferenceTests.nhwc(tensor), io["\(key)_\(morph == 0 ? "0.0" : morph == 1 ? "1.0" : String(morph))"]!.floats())
            #expect(difference < Self.tolerance, "\(key) at morph \(morph): \(difference) from the NumPy reference")
        }
    }

    @Test func anONNXFileThatIsNotADFMIsRefusedNamingWhatIsMissing() throws {
        let error = try #require(throws: ONNXError.self) { try DFMModel(contentsOf: ReferenceFixtures.url("onnx/ops.onnx")) }
        #expect(error.message.contains("is not a .dfm") && error.message.contains("in_face:0") && !error.message.contains("\n"))
    }
}
