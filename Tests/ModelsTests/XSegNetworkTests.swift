import DFLFormats
import Foundation
import Inference
@testable import Models
import NN
import Tensors
import Testing
import TestSupport

/// XSeg's network on weights in DFL's own file layout against the independent NumPy float64
/// implementation of §4.1 in `Tests/Reference/make_xseg_fixtures.py` (base 4, resolution 128:
/// a 2×2 bottleneck, so the flatten order counts), its size against DFL's `on_build`, and
/// DFL's files read, written and read again.
@Suite struct XSegNetworkTests {
    /// Float32 against the reference's float64 through 37 blocks, with FRN dividing by the RMS of
    /// 4×4 maps at the deepest levels: the largest differences seen are 6.1e-5 on logits up to ±9
    /// (1.2e-4 with the skips zeroed) and 1.1e-5 on masks; run in float64 the same network
    /// matches the reference exactly. The tolerances leave about 4× room.
    static let logitTolerance: Float = 5e-4
    static let maskTolerance: Float = 5e-5

    static let fixture = ReferenceFixtures.url("xseg")

    static func nchw(_ t: Tensor) -> Tensor { t.permuted([0, 3, 1, 2]).contiguous() }
    static func nhwc(_ t: Tensor) -> [Float] { t.permuted([0, 2, 3, 1]).contiguous().floats() }

    /// The fixture's model, as DFL's files load.
    static func fixtureModel() throws -> XSegDFLFiles.Loaded {
        try XSegDFLFiles.load(XSegDFLFiles.files(in: fixture))
    }

    @Test func forwardOnDFLWeightsEqualsTheNumpyReference() throws {
        let loaded = try Self.fixtureModel()
        #expect(loaded.network.resolution == 128 && loaded.network.baseChannels == 4 && loaded.data == nil)
        let io = try ReferenceFixtures.tensors("xseg/io.safetensors")
        let faces = Self.nchw(io["faces"]!)
        let (logits, mask) = withoutGradients { loaded.network(faces) }
        #expect(logits.shape == [2, 1, 128, 128])
        let logitDifference = maxAbsDifference(Self.nhwc(logits), io["logits"]!.floats())
        #expect(logitDifference < Self.logitTolerance, "logits differ by \(logitDifference)")
        let maskDifference = maxAbsDifference(Self.nhwc(mask), io["mask"]!.floats())
        #expect(maskDifference < Self.maskTolerance, "masks differ by \(maskDifference)")
        let pretrain = withoutGradients { loaded.network(faces, pretrain: true).logits }
        let pretrainDifference = maxAbsDifference(Self.nhwc(pretrain), io["logits_pretrain"]!.floats())
        #expect(pretrainDifference < Self.logitTolerance, "pretrain logits differ by \(pretrainDifference)")
        #expect(maxAbsDifference(Self.nhwc(pretrain), Self.nhwc(logits)) > 0.1, "zeroed skips change the output")
    }

    @Test func masksAreDFLsExtractClippedWithTheNoiseFloor() throws {
        let model = XSegModel(network: try Self.fixtureModel().network)
        let io = try ReferenceFixtures.tensors("xseg/io.safetensors")
        let masks = Self.nhwc(model.masks(Self.nchw(io["faces"]!)))
        let reference = io["extract"]!.floats(), raw = io["mask"]!.floats()
        var compared = 0, zeros = 0
        for (i, value) in masks.enumerated() {
            if reference[i] == 0 { zeros += 1 }
            // Where the reference mask is within float32 error of the 0.1 floor, either side is right.
            guard abs(raw[i] - 0.1) > Self.maskTolerance else { continue }
            compared += 1
            #expect(abs(value - reference[i]) < Self.maskTolerance, "mask \(i): \(value) vs \(reference[i])")
            if abs(value - reference[i]) >= Self.maskTolerance { break }
        }
        #expect(compared > masks.count * 99 / 100 && zeros > masks.count / 10, "compared \(compared) of \(masks.count); values below 0.1 are set to 0")
        #expect(masks.allSatisfy { $0 == 0 || ($0 >= 0.1 && $0 <= 1) })
    }

    @Test func keysAndOrderAreDFLs() throws {
        let file = try DFLWeightFile(contentsOf: Self.fixture.appendingPathComponent("XSeg_128.npy"))
        let network = XSegNetwork(resolution: 128, baseChannels: 4)
        #expect(DFLWeightLoader.keys(of: network) == file.keys, "DFL's keys in DFL's build order")
        #expect(file.keys.count == 222)
        #expect(Array(file.keys.prefix(6)) == ["conv01/conv/weight:0", "conv01/conv/bias:0", "conv01/frn/weight:0",
                                               "conv01/frn/bias:0", "conv01/frn/eps:0", "conv01/tlu/tau:0"])
        #expect(file["up5/conv/weight:0"]?.shape == [3, 3, 16, 32], "Conv2DTranspose kernels are (k, k, out, in)")
        #expect(file.keys.last == "out_conv/bias:0")
    }

    /// DFL's parameter count of `XSeg(3, base, 1)` at `resolution`, from `on_build`'s list.
    static func dflParameterCount(resolution: Int, base b: Int) -> Int {
        func block(_ i: Int, _ o: Int) -> Int { 9 * i * o + o + (2 * o + 1) + o }          // conv, FRN, TLU
        let encoder = [(3, b), (b, b), (b, 2 * b), (2 * b, 2 * b), (2 * b, 4 * b), (4 * b, 4 * b), (4 * b, 8 * b)]
            + Array(repeating: (8 * b, 8 * b), count: 8)
        let decoder = [(8 * b, 4 * b), (12 * b, 8 * b), (8 * b, 8 * b), (8 * b, 8 * b),
                       (8 * b, 4 * b), (12 * b, 8 * b), (8 * b, 8 * b), (8 * b, 8 * b),
                       (8 * b, 4 * b), (12 * b, 8 * b), (8 * b, 8 * b), (8 * b, 8 * b),
                       (8 * b, 4 * b), (8 * b, 4 * b), (4 * b, 4 * b),
                       (4 * b, 2 * b), (4 * b, 2 * b), (2 * b, 2 * b),
                       (2 * b, b), (2 * b, b), (b, b)]
        let flat = (resolution / 64) * (resolution / 64) * 8 * b
        let dense = flat * 512 + 512 + 512 * flat + flat
        return (encoder + decoder).map(block).reduce(0, +) + dense + 9 * b + 1
    }

    @Test func parameterCountIsDFLs() throws {
        #expect(XSegNetwork(resolution: 128, baseChannels: 4).parameterCount == Self.dflParameterCount(resolution: 128, base: 4))
        let dfl = XSegNetwork()
        #expect(dfl.resolution == 256 && dfl.baseChannels == 32)
        #expect(dfl.parameterCount == Self.dflParameterCount(resolution: 256, base: 32))
        #expect(dfl.parameterCount == 17_569_317)
        #expect(dfl.namedParameters().count == 222)
    }

    @Test func loadExportReloadIsBitIdenticalAndWritesDFLsFile() throws {
        let folder = try TemporaryDirectory("masque-xseg-export")
        let loaded = try Self.fixtureModel()
        let files = XSegDFLFiles.files(in: folder.url)
        let written = try XSegDFLFiles.write(loaded.network, data: nil, to: files)
        #expect(written.map(\.lastPathComponent) == ["XSeg_128.npy"])
        let back = try XSegDFLFiles.load(files)
        for ((name, a), (_, b)) in zip(loaded.network.namedParameters(), back.network.namedParameters()) {
            #expect(a.value.floats() == b.value.floats(), "\(name)")
        }
        // Python's pickle reads the written file as the reference's own: same keys, order, shapes, values.
        let checker = """
        import pickle, sys, warnings, numpy as np
        warnings.simplefilter('ignore')
        a = pickle.loads(open(sys.argv[1], 'rb').read())
        b = pickle.loads(open(sys.argv[2], 'rb').read())
        assert list(a) == list(b), 'key order'
        assert all(a[k].dtype == np.float32 and a[k].shape == b[k].shape and np.array_equal(a[k], b[k]) for k in b)
        print('same', len(a))
        """
        let output = try PythonReference.run(checker, arguments: [written[0].path, Self.fixture.appendingPathComponent("XSeg_128.npy").path])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "same 222", "\(output)")

        let data = DFLModelData(iteration: 5, options: ["batch_size": .int(8), "face_type": .string("wf"), "pretrain": .bool(false)],
                                lossHistory: [[0.5], [0.25]])
        try XSegDFLFiles.write(back.network, data: data, to: files)
        #expect(try XSegDFLFiles.load(files).data == data)
        let keys = try PythonReference.run("""
            import pickle, sys
            d = pickle.load(open(sys.argv[1], 'rb'))
            print(d['iter'], list(d['options']), d['loss_history'])
            """, arguments: [files.dataFile.path])
        #expect(keys.trimmingCharacters(in: .whitespacesAndNewlines) == "5 ['face_type', 'pretrain', 'batch_size'] [[0.5], [0.25]]", "\(keys)")
    }

    /// A copy of the fixture's weights with `edit` (Python over the dict `w`) applied, as `XSeg_128.npy` in `folder`.
    static func editedWeights(in folder: TemporaryDirectory, _ edit: String) throws -> URL {
        let url = folder.file("XSeg_128.npy")
        _ = try PythonReference.run("""
            import pickle, sys, warnings, numpy as np
            warnings.simplefilter('ignore')
            w = pickle.loads(open(sys.argv[1], 'rb').read())
            \(edit)
            open(sys.argv[2], 'wb').write(pickle.dumps(w, protocol=4))
            """, arguments: [Self.fixture.appendingPathComponent("XSeg_128.npy").path, url.path])
        return url
    }

    @Test func aMissingOrMisShapedKeyIsOneLineNamingTheFileAndKey() throws {
        let folder = try TemporaryDirectory("masque-xseg-bad")
        let files = XSegDFLFiles.files(in: folder.url)
        for (edit, key) in [("w['up5/conv/weight:0'] = np.ascontiguousarray(w['up5/conv/weight:0'].transpose(0, 1, 3, 2))", "up5/conv/weight:0"),
                            ("del w['uconv21/frn/eps:0']", "uconv21/frn/eps:0"),
                            ("w['dense1/weight:0'] = w['dense1/weight:0'][:64]", "dense1/weight:0"),
                            ("del w['conv01/conv/weight:0']", "conv01/conv/weight:0")] {
            let url = try Self.editedWeights(in: folder, edit)
            #expect {
                try XSegDFLFiles.load(files)
            } throws: { error in
                let text = "\(error)"
                return text.contains(url.path) && text.contains("'\(key)'") && !text.contains("\n")
            }
        }
        try FileManager.default.removeItem(at: folder.file("XSeg_128.npy"))
        try Data("not a pickle".utf8).write(to: folder.file("XSeg_256.npy"))
        #expect { try XSegDFLFiles.load(files) } throws: { "\($0)".contains(folder.file("XSeg_256.npy").path) }
    }
}
