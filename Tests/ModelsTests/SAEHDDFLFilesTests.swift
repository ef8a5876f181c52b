import DFLFormats
import FaceAnalysis
import Foundation
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
import Training

/// SAEHD models in DFL's files: a model DFL's layout describes imports and runs as the NumPy
/// reference does, an exported model is what Python's pickle reads as DFL writes it, and a
/// round trip is bit-identical.
@Suite struct SAEHDDFLFilesTests {
    static let tinyOptions: [String: OptionValue] = ["resolution": .int(64), "ae_dims": .int(8), "e_dims": .int(4),
                                                     "d_dims": .int(4), "d_mask_dims": .int(4), "archi": .string("liae-ud")]

    /// A DFL-style `data.dat` written by Python's pickle, with DFL's NumPy-scalar quirks.
    static func writeDataFile(_ url: URL, iteration: Int) throws {
        let script = """
        import pickle, sys, numpy as np
        options = {'resolution': np.int64(64), 'face_type': 'f', 'models_opt_on_gpu': True, 'archi': 'liae-ud',
                   'ae_dims': np.int64(8), 'e_dims': np.int64(4), 'd_dims': np.int64(4), 'd_mask_dims': np.int64(4),
                   'masked_training': True, 'eyes_mouth_prio': False, 'uniform_yaw': False, 'blur_out_mask': False,
                   'adabelief': True, 'lr_dropout': False, 'random_warp': True, 'random_hsv_power': np.float64(0.0),
                   'true_face_power': 0.0, 'face_style_power': np.float64(0.0), 'bg_style_power': np.float64(0.0),
                   'ct_mode': 'none', 'clipgrad': False, 'pretrain': False, 'autobackup_hour': 0,
                   'write_preview_history': False, 'target_iter': 0, 'random_src_flip': False, 'random_dst_flip': True,
                   'batch_size': 4, 'gan_power': np.float64(0.0), 'gan_patch_size': np.int64(8), 'gan_dims': np.int64(16)}
        data = {'iter': int(sys.argv[2]), 'options': options, 'loss_history': [[1.5, 1.25], [1.0, 0.75]],
                'sample_for_preview': None, 'choosed_gpu_indexes': None}
        open(sys.argv[1], 'wb').write(pickle.dumps(data, protocol=3))
        """
        _ = try PythonReference.run(script, arguments: [url.path, "\(iteration)"])
    }

    /// A DFL model folder: the reference's liae-ud weights under DFL's file names, and a data file.
    static func dflModel(in folder: TemporaryDirectory) throws -> DFLTrainedModel {
        let model = DFLTrainedModel(folder: folder.url, name: "new", modelClass: "SAEHD")
        for part in ["encoder", "inter_AB", "inter_B", "decoder"] {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("saehd/liae-ud/fixture_SAEHD_\(part).npy"), to: model.weightFile(part))
        }
        try writeDataFile(model.dataFile, iteration: 2)
        return model
    }

    @Test func aDFLModelImportsAndRunsAsTheReferenceDoes() throws {
        let folder = try TemporaryDirectory("masque-dfl-import")
        let model = try Self.dflModel(in: folder)
        let name = try SavedModel.choose(in: folder.url, kind: .saehd, name: nil, mustExist: true)
        let imported = try SAEHDDFLFiles.load(DFLTrainedModel(folder: folder.url, name: name, modelClass: "SAEHD"))
        #expect(imported.data.iteration == 2 && imported.data.lossHistory == [[1.5, 1.25], [1.0, 0.75]])
        #expect(imported.options["resolution"] == .int(64) && imported.options["archi"] == .string("liae-ud"))
        #expect(imported.options["lr_dropout"] == .string("n"), "DFL's legacy bool lr_dropout reads as n")
        #expect(imported.network.architecture == .dflDefault)
        let io = try ReferenceFixtures.tensors("saehd/liae-ud/io.safetensors")
        let swap = withoutGradients { imported.network.swap(io["dst"]!.permuted([0, 3, 1, 2]).contiguous()) }
        let difference = maxAbsDifference(swap.face.permuted([0, 2, 3, 1]).contiguous().floats(), io["src_dst"]!.floats())
        #expect(difference < SAEHDReferenceTests.tolerance, "swap differs from the reference by \(difference)")
        _ = model
    }

    @Test func anExportedModelIsWhatDFLWritesAndReimportsBitForBit() throws {
        let folder = try TemporaryDirectory("masque-dfl-export")
        let options = try SAEHDOptions.resolve(given: Self.tinyOptions).values
        let (architecture, dimensions) = try SAEHDOptions.network(options)
        let network = SAEHDNetwork(architecture: architecture, dimensions: dimensions, generator: try Generator(seed: 21))
        let model = DFLTrainedModel(folder: folder.url, name: "mine", modelClass: "SAEHD")
        let data = DFLModelData(iteration: 7, options: options, lossHistory: [[2, 1.5], [1.25, 1]])
        try SAEHDDFLFiles.write(network, data: data, to: model)

        let back = try SAEHDDFLFiles.load(model)
        #expect(back.data == data)
        for ((name, a), (_, b)) in zip(network.namedParameters(), back.network.namedParameters()) {
            #expect(a.value.floats() == b.value.floats(), "\(name)")
        }

        // Python's own pickle reads the files as DFL's: dicts of float32 HWIO arrays under leras
        // keys, and the data dict with DFL's keys in DFL's order.
        let checker = """
        import pickle, sys, numpy as np
        folder = sys.argv[1]
        weights = pickle.loads(open(folder + '/mine_SAEHD_encoder.npy', 'rb').read())
        kernel = weights['down1/downs_0/conv1/weight:0']
        assert all(k.endswith(':0') for k in weights), list(weights)
        assert all(v.dtype == np.float32 for v in weights.values())
        data = pickle.loads(open(folder + '/mine_SAEHD_data.dat', 'rb').read())
        print(list(kernel.shape), float(kernel[1, 2, 0, 3]), list(data), data['iter'], list(data['options'])[:4])
        """
        let output = try PythonReference.run(checker, arguments: [folder.url.path]).trimmingCharacters(in: .whitespacesAndNewlines)
        let parameter = try #require(network.encoder.namedParameters().first { $0.name == "down1.downs_0.conv1.weight" })
        let index: Int = ((3 * 3 + 0) * 5 + 1) * 5 + 2                    // OIHW [o=3, i=0, h=1, w=2]
        let element: Float = parameter.parameter.value.floats()[index]
        let keys = "['iter', 'options', 'loss_history', 'sample_for_preview', 'choosed_gpu_indexes']"
        let firstOptions = "['resolution', 'face_type', 'models_opt_on_gpu', 'archi']"
        let expected: String = "[5, 5, 3, \(dimensions.encoder)] " + String(Double(element)) + " " + keys + " 7 " + firstOptions
        #expect(output == expected, "\(output)")
    }

    @Test func badModelFoldersAreOneLineNamingTheFileAndFix() throws {
        let folder = try TemporaryDirectory("masque-dfl-bad")
        #expect(throws: TrainingError.self) { try SavedModel.choose(in: folder.url, kind: .saehd, name: nil, mustExist: true) }
        let model = try Self.dflModel(in: folder)
        try Self.writeDataFile(folder.file("other_SAEHD_data.dat"), iteration: 1)
        #expect {
            try SavedModel.choose(in: folder.url, kind: .saehd, name: nil, mustExist: true)
        } throws: { error in
            "\(error)".contains("--model-name") && "\(error)".contains("new") && "\(error)".contains("other")
        }
        // A part file without one of its weights: the error names the file and the key.
        let weights = try DFLWeightFile(contentsOf: model.weightFile("inter_B"))
        _ = weights
        try Data(try Data(contentsOf: ReferenceFixtures.url("saehd/liae-ud/fixture_SAEHD_inter_AB.npy")).prefix(0)).write(to: model.weightFile("decoder"))
        #expect {
            try SAEHDDFLFiles.load(model)
        } throws: { error in
            "\(error)".contains(model.weightFile("decoder").path) && !"\(error)".contains("\n")
        }
        try FileManager.default.copyItem(at: ReferenceFixtures.url("saehd/liae-tc/fixture_SAEHD_decoder.npy"), to: folder.file("swap.npy"))
        try FileManager.default.removeItem(at: model.weightFile("decoder"))
        try FileManager.default.moveItem(at: folder.file("swap.npy"), to: model.weightFile("decoder"))
        #expect {
            try SAEHDDFLFiles.load(model)
        } throws: { error in
            let text = "\(error)"
            return text.contains(model.weightFile("decoder").path) && text.contains("'") && !text.contains("\n")
        }
    }
}
