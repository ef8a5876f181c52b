import Foundation
import Testing
import TestSupport

/// `masque model …` and training a DFL model folder, from the outside: a DFL SAEHD folder (the
/// NumPy reference's weights in DFL's layout, a data file pickled by Python) predicts what the
/// reference computes, imports into `masque train`, exports back; the RTM resets change only
/// their parts; several models without `--model-name` are one line listing them.
@Suite struct CLIModelCommandsTests {
    /// A DFL model folder holding `new_SAEHD_*` for `Tests/Reference/saehd/liae-ud` at iteration 2.
    static func dflFolder(_ folder: TemporaryDirectory, name: String = "new") throws -> URL {
        let model = folder.file("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        for part in ["encoder", "inter_AB", "inter_B", "decoder"] {
            try FileManager.default.copyItem(at: ReferenceFixtures.url("saehd/liae-ud/fixture_SAEHD_\(part).npy"),
                                             to: model.appendingPathComponent("\(name)_SAEHD_\(part).npy"))
        }
        let script = """
        import pickle, sys, numpy as np
        options = {'resolution': np.int64(64), 'face_type': 'f', 'models_opt_on_gpu': True, 'archi': 'liae-ud',
                   'ae_dims': np.int64(8), 'e_dims': np.int64(4), 'd_dims': np.int64(4), 'd_mask_dims': np.int64(4),
                   'masked_training': True, 'eyes_mouth_prio': False, 'uniform_yaw': False, 'blur_out_mask': False,
                   'adabelief': True, 'lr_dropout': 'n', 'random_warp': True, 'random_hsv_power': 0.0,
                   'true_face_power': 0.0, 'face_style_power': 0.0, 'bg_style_power': 0.0, 'ct_mode': 'none',
                   'clipgrad': False, 'pretrain': False, 'autobackup_hour': 0, 'write_preview_history': False,
                   'target_iter': 0, 'random_src_flip': False, 'random_dst_flip': True, 'batch_size': 2,
                   'gan_power': 0.0, 'gan_patch_size': 8, 'gan_dims': 16}
        data = {'iter': 2, 'options': options, 'loss_history': [[1.5, 1.25], [1.0, 0.75]],
                'sample_for_preview': None, 'choosed_gpu_indexes': None}
        open(sys.argv[1], 'wb').write(pickle.dumps(data, protocol=3))
        """
        _ = try PythonReference.run(script, arguments: [model.appendingPathComponent("\(name)_SAEHD_data.dat").path])
        return model
    }

    @Test func predictOnADFLFolderGivesTheReferencesOutputs() throws {
        let folder = try TemporaryDirectory("masque-cli-predict")
        let model = try Self.dflFolder(folder)
        let io = ReferenceFixtures.url("saehd/liae-ud/io.safetensors").path
        _ = try PythonReference.run("""
            import sys, numpy as np
            from safetensors.numpy import load_file
            io = load_file(sys.argv[1])
            np.save(sys.argv[2], io['src']); np.save(sys.argv[3], io['dst'])
            """, arguments: [io, folder.file("src.npy").path, folder.file("dst.npy").path])
        let result = try MasqueBinary.run(["model", "predict", folder.file("src.npy").path, folder.file("dst.npy").path,
                                           "--model-dir", model.path, "--out", folder.file("out").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("wrote 12 files"), "\(result.standardOutput)")
        let worst = try PythonReference.run("""
            import sys, numpy as np
            from safetensors.numpy import load_file
            io, out = load_file(sys.argv[1]), sys.argv[2]
            pairs = [('src', 'src_src'), ('src', 'src_srcm'), ('dst', 'dst_dst'), ('dst', 'dst_dstm'), ('dst', 'src_dst'), ('dst', 'src_dstm')]
            diffs = []
            for stem, key in pairs:
                got = np.load(f'{out}/{stem}_{key}.npy')
                assert got.shape == io[key].shape and got.dtype == np.float32, (key, got.shape, got.dtype)
                diffs.append(float(np.abs(got - io[key]).max()))
            print(max(diffs))
            """, arguments: [io, folder.file("out").path])
        let difference = try #require(Double(worst.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(difference < 1e-5, "largest difference from the NumPy reference: \(difference)")

        let image = try MasqueBinary.run(["model", "predict", ReferenceFixtures.url("faceset/aligned").path + "/" + (try Self.firstFace()),
                                          "--model-dir", model.path, "--out", folder.file("png").path])
        #expect(image.status == 0, "\(image.standardError)")
        let pngs = try FileManager.default.contentsOfDirectory(atPath: folder.file("png").path).filter { $0.hasSuffix(".png") }
        #expect(pngs.count == 6)

        let wrong = try MasqueBinary.run(["model", "predict", folder.file("src.npy").path, "--model-dir", folder.file("nowhere").path,
                                          "--out", folder.file("x").path])
        #expect(wrong.status == 1 && wrong.errorLines.count == 1 && wrong.errorLines[0].contains("holds no SAEHD model"), "\(wrong.standardError)")
    }

    static func firstFace() throws -> String {
        try FileManager.default.contentsOfDirectory(atPath: ReferenceFixtures.url("faceset/aligned").path).filter { $0.hasSuffix(".jpg") }
            .sorted().first { !$0.contains("plain") }!
    }

    @Test func trainImportsADFLFolderAndExportsItBack() throws {
        let folder = try TemporaryDirectory("masque-cli-dfl-train")
        let model = try Self.dflFolder(folder)
        let train = try MasqueBinary.run(["train", "saehd", "--model-dir", model.path, "--src", ReferenceFixtures.url("faceset/aligned").path,
                                          "--dst", ReferenceFixtures.url("faceset_resize/input").path, "--no-prompt", "--iterations", "1"])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("importing DFL's model new"), "\(train.standardOutput)")
        #expect(train.standardOutput.contains("stopped at iteration 3"), "\(train.standardOutput)")
        let export = try MasqueBinary.run(["model", "export-dfl", "--model-dir", model.path, "--out", folder.file("back").path])
        #expect(export.status == 0, "\(export.standardError)")
        let read = try PythonReference.run("""
            import pickle, sys
            data = pickle.load(open(sys.argv[1] + '/new_SAEHD_data.dat', 'rb'))
            weights = pickle.load(open(sys.argv[1] + '/new_SAEHD_encoder.npy', 'rb'))
            print(data['iter'], len(data['loss_history']), data['options']['archi'], weights['down1/downs_0/conv1/weight:0'].shape)
            """, arguments: [folder.file("back").path])
        #expect(read.trimmingCharacters(in: .whitespacesAndNewlines) == "3 3 liae-ud (5, 5, 3, 4)", "\(read)")
        let again = try MasqueBinary.run(["model", "export-dfl", "--model-dir", model.path, "--out", folder.file("back").path])
        #expect(again.status == 1 && again.errorLines.count == 1 && again.errorLines[0].contains("--force"), "\(again.standardError)")
    }

    @Test func resetsChangeOnlyTheirPartsAndSeveralModelsNeedAName() throws {
        let folder = try TemporaryDirectory("masque-cli-reset")
        let model = try Self.dflFolder(folder)
        let weights = { (part: String) throws -> String in
            try PythonReference.run("""
                import sys, numpy as np
                from safetensors.numpy import load_file
                w = load_file(sys.argv[1] + '/new_SAEHD/weights.safetensors')
                print(repr(float(sum(np.abs(v).sum() for k, v in w.items() if k.startswith(sys.argv[2] + '.')))))
                """, arguments: [model.path, part])
        }
        let reset = try MasqueBinary.run(["model", "reset-inter", "ab", "--model-dir", model.path])
        #expect(reset.status == 0 && reset.standardOutput.contains("reset inter_AB of new at iteration 2"), "\(reset.standardOutput)\(reset.standardError)")
        let before = try ["encoder", "inter_AB", "inter_B", "decoder"].map(weights)
        let decoders = try MasqueBinary.run(["model", "reset-decoders", "--model-dir", model.path])
        #expect(decoders.status == 0, "\(decoders.standardError)")
        let after = try ["encoder", "inter_AB", "inter_B", "decoder"].map(weights)
        #expect(before[0...2] == after[0...2], "encoder and inters unchanged")
        #expect(before[3] != after[3], "the decoder is drawn afresh")

        _ = try Self.dflFolder(folder, name: "other")
        let ambiguous = try MasqueBinary.run(["model", "reset-decoders", "--model-dir", model.path])
        #expect(ambiguous.status == 1 && ambiguous.errorLines.count == 1, "\(ambiguous.standardError)")
        #expect(ambiguous.errorLines.first?.contains("several SAEHD models") == true && ambiguous.errorLines.first?.contains("--model-name") == true)
        let named = try MasqueBinary.run(["model", "reset-inter", "b", "--model-dir", model.path, "--model-name", "other"])
        #expect(named.status == 0 && named.standardOutput.contains("reset inter_B of other"), "\(named.standardOutput)\(named.standardError)")
    }
}
