import Foundation
@testable import Tensors
import Testing
import TestSupport

@Suite struct SafeTensorsTests {
    @Test func readsAFileWrittenByPythonSafetensors() throws {
        let contents = try ReferenceFixtures.tensors("torch/python_written.safetensors")
        #expect(contents.metadata["writer"] == "safetensors-python")
        #expect(contents["weights.f32"]!.floats() == (0..<12).map { Float($0) / 4 })
        #expect(contents["weights.f32"]!.shape == [3, 4])
        #expect(contents["half"]!.dtype == .float16)
        #expect(contents["half"]!.floats() == [1.5, -2.25, 65504])
        #expect(contents["brain"]!.dtype == .bfloat16)
        #expect(contents["brain"]!.floats() == [0.5, -3])
        #expect(contents["bytes"]!.toArray(of: UInt8.self) == [0, 7, 255])
        #expect(contents["iters"]!.shape == [])
        #expect(contents["iters"]!.toArray(of: Int64.self) == [123_456_789_012])
        #expect(contents["flags"]!.toArray(of: Bool.self) == [true, false])
        #expect(contents["empty"]!.shape == [0, 3])
    }

    @Test func fileWrittenByMasqueLoadsInPython() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("masque.safetensors")
        let contents = SafeTensors.Contents(tensors: [
            ("encoder.down1.weight", Tensor.arange(0, 6).reshaped([2, 3]) / 2),
            ("half", Tensor([0.25, -8], shape: [2]).to(.float16)),
            ("count", Tensor.full([], 42, dtype: .int64)),
            ("pixels", try Tensor(values: [UInt8(1), 2, 250], shape: [3], dtype: .uint8)),
        ], metadata: ["writer": "masque"])
        try SafeTensors.write(contents, to: url)
        let script = """
        import sys, numpy as np
        from safetensors.numpy import load_file
        from safetensors import safe_open
        t = load_file(sys.argv[1])
        assert t["encoder.down1.weight"].dtype == np.float32 and t["encoder.down1.weight"].tolist() == [[0, .5, 1], [1.5, 2, 2.5]]
        assert t["half"].dtype == np.float16 and t["half"].tolist() == [0.25, -8]
        assert t["count"].dtype == np.int64 and t["count"].shape == () and int(t["count"]) == 42
        assert t["pixels"].tolist() == [1, 2, 250]
        with safe_open(sys.argv[1], "np") as f:
            assert f.metadata() == {"writer": "masque"}
        print("ok")
        """
        let output = try PythonReference.run(script, arguments: [url.path])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        let back = try SafeTensors.read(url)
        #expect(back["half"]!.floats() == [0.25, -8])
    }

    @Test func truncatedAndGarbageFilesGiveOneLineErrorsNamingTheFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try Data(contentsOf: ReferenceFixtures.url("torch/conv2d_k3s1.safetensors"))
        let cases: [(String, Data)] = [
            ("truncated.safetensors", good.prefix(good.count - 100)),
            ("tiny.safetensors", good.prefix(5)),
            ("garbage.safetensors", Data(repeating: 0x41, count: 64)),
            ("hugeheader.safetensors", Data([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]) + Data(count: 16)),
        ]
        for (name, bytes) in cases {
            let url = folder.appendingPathComponent(name)
            try bytes.write(to: url)
            do {
                _ = try SafeTensors.read(url)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.message.contains(url.path))
                #expect(!error.message.contains("\n"))
            }
        }
    }
}
