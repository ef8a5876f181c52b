import DFLFormats
import Foundation
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
@testable import Training

/// DFL's XSeg optimizer file (`XSeg_<R>_opt.npy`, §4.3, §5.9): a DFL XSeg model folder holding one
/// resumes with its RMSprop state (checked against `make_xseg_fixtures.py`'s accumulators in
/// PyTorch's layout), and `export-dfl` writes it back value for value.
@Suite struct XSegDFLOptimizerTests {
    @Test func dflsOptimizerStateImportsAndExportsBack() throws {
        let folder = try TemporaryDirectory("masque-xseg-opt")
        let request = try XSegTrainingTests.request(in: folder, iterations: 1)
        try FileManager.default.createDirectory(at: request.modelFolder, withIntermediateDirectories: true)
        for name in ["XSeg_128.npy", "XSeg_128_opt.npy"] {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("xseg/\(name)"), to: request.modelFolder.appendingPathComponent(name))
        }
        let prepared = try request.prepareXSeg()
        #expect(prepared.notes.contains { $0.contains("the optimizer resumes from XSeg_128_opt.npy") }, "\(prepared.notes)")
        let model = try #require(prepared.model as? XSegTrainingModel)
        let expected = try ReferenceFixtures.tensors("xseg/opt_expected.safetensors")
        #expect(model.optimizer.iterations == Int64(try #require(expected["iters"]).floats()[0]))
        for (index, entry) in model.optimizer.parameters.enumerated() {
            guard let reference = expected[entry.name] else { continue }
            let slot = model.optimizer.slot("acc", index)
            #expect(slot.shape == reference.shape && slot.floats() == reference.floats(), "acc of \(entry.name)")
        }

        let saved = folder.file("masque")
        try model.save(to: saved.appendingPathComponent("XSeg"), state: prepared.state)
        let exported = try OpenedModel.open(in: saved, kind: .xseg, name: nil).exportDFL(to: folder.file("out"), replace: false)
        #expect(exported.map(\.lastPathComponent).contains("XSeg_128_opt.npy"), "\(exported)")
        let original = try DFLWeightFile(contentsOf: ReferenceFixtures.url("xseg/XSeg_128_opt.npy"))
        let written = try DFLWeightFile(contentsOf: folder.file("out").appendingPathComponent("XSeg_128_opt.npy"))
        #expect(written.keys == original.keys)
        for key in original.keys {
            #expect(written[key]?.shape == original[key]?.shape && written[key]?.doubles() == original[key]?.doubles(), "\(key)")
        }
    }
}
