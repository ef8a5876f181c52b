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

    /// Optimizer state crosses DFL's files: it is written under DFL's keys (Python's pickle reads
    /// them as leras writes them), and a model imported from the files takes the very step the
    /// original takes next, critics included.
    @Test func optimizerStateExportsUnderDFLKeysAndResumesTheSameStep() throws {
        let given: [String: OptionValue] = ["archi": .string("df-ud"), "true_face_power": .double(0.5), "gan_power": .double(0.5),
                                            "gan_patch_size": .int(8), "gan_dims": .int(4)]
        let options = try SAEHDOptions.resolve(given: SAEHDTrainingStepTests.tiny.merging(given) { $1 }).values
        let source = try SAEHDTrainingStepTests.faces(count: 2, colour: (0.55, 0.65, 0.9), seed: 1)
        let destination = try SAEHDTrainingStepTests.faces(count: 2, colour: (0.8, 0.6, 0.5), seed: 2)
        let original = try SAEHDModel(options: options, generator: try Generator(seed: 3))
        for _ in 0..<2 { try original.step(source: source, destination: destination) }

        let folder = try TemporaryDirectory("masque-dfl-optimizer")
        let files = DFLTrainedModel(folder: folder.url, name: "opt", modelClass: "SAEHD")
        try SAEHDDFLFiles.write(original.network, step: original.step, data: DFLModelData(iteration: 2, options: options, lossHistory: []),
                                to: files)
        let checker = """
        import pickle, sys, numpy as np
        folder = sys.argv[1]
        def load(part): return pickle.loads(open(folder + '/opt_SAEHD_' + part + '.npy', 'rb').read())
        opt, code, gan = load('src_dst_opt'), load('D_code_opt'), load('GAN_opt')
        keys = list(opt)
        assert keys[0] == 'iters:0' and int(opt['iters:0']) == 2 and opt['iters:0'].dtype == np.int64, keys[:2]
        half = (len(keys) - 1) // 2
        assert all(k.startswith('ms_') for k in keys[1:1 + half]) and all(k.startswith('vs_') for k in keys[1 + half:]), keys
        assert all(k.startswith('ms_dis/') or k.startswith('vs_dis/') for k in list(code)[1:]), list(code)
        assert all(k.startswith('ms_D_src/') or k.startswith('vs_D_src/') for k in list(gan)[1:]), list(gan)
        m = opt['ms_encoder/down1/downs_0/conv1/weight_0:0']
        print(list(m.shape), float(m[1, 2, 0, 3]), keys[1])
        """
        let output = try PythonReference.run(checker, arguments: [folder.url.path]).trimmingCharacters(in: .whitespacesAndNewlines)
        let index = try #require(original.step.optimizer.parameters.firstIndex { $0.name == "encoder.down1.downs_0.conv1.weight" })
        let slot = original.step.optimizer.slot("ms", index)
        let element = slot.floats()[((3 * slot.shape[1] + 0) * 5 + 1) * 5 + 2]             // OIHW [o=3, i=0, h=1, w=2]
        #expect(output == "[5, 5, 3, \(slot.shape[0])] \(Double(element)) ms_encoder/down1/downs_0/conv1/weight_0:0", "\(output)")

        let copy = try SAEHDModel(options: options, generator: try Generator(seed: 9))
        try SAEHDDFLFiles.loadWeights(files, into: copy.network, step: copy.step)
        for (a, b) in zip(original.step.optimizers, copy.step.optimizers) {
            #expect(a.iterations == b.iterations)
            for name in a.slotNames {
                for index in a.parameters.indices { #expect(a.slot(name, index).floats() == b.slot(name, index).floats()) }
            }
        }
        let next = try (original.step(source: source, destination: destination), copy.step(source: source, destination: destination))
        #expect(next.0 == next.1, "the next step's losses: \(next.0) and \(next.1)")
        for ((name, a), (_, b)) in zip(original.network.namedParameters(), copy.network.namedParameters()) {
            #expect(a.value.floats() == b.value.floats(), "\(name) after the next step")
        }
    }

    /// An optimizer file as DFL writes it (`iters:0` a NumPy int64 scalar, HWIO slots, some
    /// slots absent, an extra key) loads as leras loads it: absent slots start at zero, extra
    /// keys are ignored; a mis-shaped slot is refused naming the file and key.
    @Test func aDFLOptimizerFileLoadsAsLerasLoadsIt() throws {
        let folder = try TemporaryDirectory("masque-dfl-optimizer-import")
        let files = try Self.dflModel(in: folder)
        let writer = """
        import pickle, sys, numpy as np
        folder, bad = sys.argv[1], sys.argv[2] == 'bad'
        rng = np.random.default_rng(5)
        state = {'iters:0': np.int64(37)}
        for slot in ['ms', 'vs']:
            for part in ['encoder', 'inter_AB']:
                weights = pickle.loads(open(folder + '/new_SAEHD_' + part + '.npy', 'rb').read())
                for key, value in weights.items():
                    state[slot + '_' + part + '/' + key.replace(':', '_') + ':0'] = rng.standard_normal(value.shape).astype(np.float32)
        state['junk:0'] = np.zeros(3, np.float32)
        m = state['ms_encoder/down1/downs_0/conv1/weight_0:0']
        if bad: state['vs_inter_AB/dense1/weight_0:0'] = np.zeros((2, 2), np.float32)
        open(folder + '/new_SAEHD_src_dst_opt.npy', 'wb').write(pickle.dumps(state, protocol=4))
        print(float(m[1, 2, 0, 3]), float(m[4, 0, 2, 1]))
        """
        let printed = try PythonReference.run(writer, arguments: [folder.url.path, "good"]).split(separator: " ").compactMap { Float($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let imported = try SAEHDDFLFiles.load(files)
        let model = try SAEHDModel(options: imported.options, generator: try Generator(seed: 1))
        try SAEHDDFLFiles.loadWeights(files, into: model.network, step: model.step)
        let optimizer = model.step.optimizer
        #expect(optimizer.iterations == 37)
        let index = try #require(optimizer.parameters.firstIndex { $0.name == "encoder.down1.downs_0.conv1.weight" })
        let ms = optimizer.slot("ms", index), inputs = ms.shape[1]
        let values = ms.floats()
        #expect([values[((3 * inputs + 0) * 5 + 1) * 5 + 2], values[((1 * inputs + 2) * 5 + 4) * 5 + 0]] == printed)
        let decoder = try #require(optimizer.parameters.firstIndex { $0.name.hasPrefix("decoder.") })
        #expect(optimizer.slot("vs", decoder).floats().allSatisfy { $0 == 0 }, "a slot the file lacks starts at zero")

        _ = try PythonReference.run(writer, arguments: [folder.url.path, "bad"])
        let fresh = try SAEHDModel(options: imported.options, generator: try Generator(seed: 1))
        #expect {
            try SAEHDDFLFiles.loadWeights(files, into: fresh.network, step: fresh.step)
        } throws: { error in
            let text = "\(error)"
            return text.contains(files.weightFile("src_dst_opt").path) && text.contains("vs_inter_AB/dense1/weight_0:0") && !text.contains("\n")
        }
        #expect(fresh.step.optimizer.iterations == 0, "nothing is loaded from a refused file")
    }
}
