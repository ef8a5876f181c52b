import Foundation
import Testing
import TestSupport

/// `masque model …` on XSeg model folders, from the outside: a folder holding only DFL's
/// `XSeg_<R>.npy` (the NumPy reference's weights) predicts the reference's masks from `.npy`
/// arrays and images, exports back to DFL's files, and a damaged weight file, or `masque train
/// xseg` on it without facesets, is one line.
@Suite struct CLIXSegModelTests {
    /// A model folder holding only the reference's `XSeg_128.npy`.
    static func xsegFolder(_ folder: TemporaryDirectory) throws -> URL {
        let model = folder.file("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ReferenceFixtures.url("xseg/XSeg_128.npy"), to: model.appendingPathComponent("XSeg_128.npy"))
        return model
    }

    @Test func predictOnAnXSegFolderGivesTheReferencesMasks() throws {
        let folder = try TemporaryDirectory("masque-cli-xseg")
        let model = try Self.xsegFolder(folder)
        let io = ReferenceFixtures.url("xseg/io.safetensors").path
        _ = try PythonReference.run("""
            import sys, numpy as np
            from safetensors.numpy import load_file
            np.save(sys.argv[2], load_file(sys.argv[1])['faces'])
            """, arguments: [io, folder.file("faces.npy").path])
        let result = try MasqueBinary.run(["model", "predict", folder.file("faces.npy").path, "--model-dir", model.path,
                                           "--out", folder.file("out").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("wrote 1 files"), "\(result.standardOutput)")
        // DFL's extract: the reference mask clipped, values below 0.1 set to 0; where the reference
        // is within float32 error (5e-5) of the 0.1 floor either side is right.
        let worst = try PythonReference.run("""
            import sys, numpy as np
            from safetensors.numpy import load_file
            io = load_file(sys.argv[1])
            got = np.load(sys.argv[2])
            assert got.shape == (2, 128, 128, 1) and got.dtype == np.float32, (got.shape, got.dtype)
            near = np.abs(io['mask'] - 0.1) <= 5e-5
            assert np.all((got == 0) | (got >= 0.1)) and (got == 0).mean() > 0.1
            print(float(np.abs(got - io['extract'])[~near].max()))
            """, arguments: [io, folder.file("out/faces_mask.npy").path])
        let difference = try #require(Double(worst.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(difference < 5e-5, "largest difference from the NumPy reference's mask: \(difference)")
    }

    @Test func imagesAreResizedWithLanczosAndGiveMaskPNGs() throws {
        let folder = try TemporaryDirectory("masque-cli-xseg-image")
        let model = try Self.xsegFolder(folder)
        // A 160-px PNG (lossless, so both sides decode the same pixels) and, as an array, what DFL
        // feeds XSeg for it: float [0, 1], Lanczos-4 to 128.
        _ = try PythonReference.run("""
            import sys, cv2, numpy as np
            from safetensors.numpy import load_file
            face = load_file(sys.argv[1])['faces'][0]
            image = np.clip(cv2.resize(face, (160, 160), interpolation=cv2.INTER_CUBIC) * 255 + 0.5, 0, 255).astype(np.uint8)
            cv2.imwrite(sys.argv[2], image)
            back = cv2.imread(sys.argv[2]).astype(np.float32) / 255.0
            np.save(sys.argv[3], cv2.resize(back, (128, 128), interpolation=cv2.INTER_LANCZOS4)[None])
            """, arguments: [ReferenceFixtures.url("xseg/io.safetensors").path, folder.file("face.png").path,
                             folder.file("face_as_array.npy").path])
        let aligned = ReferenceFixtures.url("faceset/aligned/00001_0.jpg")
        let result = try MasqueBinary.run(["model", "predict", folder.file("face.png").path, folder.file("face_as_array.npy").path,
                                           aligned.path, "--model-dir", model.path, "--out", folder.file("out").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try folder.contents(of: "out") == ["00001_0_mask.png", "face_as_array_mask.npy", "face_mask.png"])
        let check = try PythonReference.run("""
            import sys, cv2, numpy as np
            out = sys.argv[1]
            png = cv2.imread(out + '/face_mask.png', cv2.IMREAD_UNCHANGED)
            array = np.load(out + '/face_as_array_mask.npy')[0, :, :, 0]
            aligned = cv2.imread(out + '/00001_0_mask.png', cv2.IMREAD_UNCHANGED)
            diff = np.abs(png.astype(np.int32) - np.round(array * 255).astype(np.int32))
            print(png.shape, png.dtype, aligned.shape, int(diff.max()) <= 1, float((diff > 1).mean()))
            """, arguments: [folder.file("out").path])
        #expect(check.hasPrefix("(128, 128) uint8 (128, 128) True"), "\(check)")
    }

    @Test func exportWritesDFLsFilesAndBadInputIsOneLine() throws {
        let folder = try TemporaryDirectory("masque-cli-xseg-export")
        let model = try Self.xsegFolder(folder)
        let export = try MasqueBinary.run(["model", "export-dfl", "--model-dir", model.path, "--out", folder.file("back").path])
        #expect(export.status == 0, "\(export.standardError)")
        #expect(try folder.contents(of: "back") == ["XSeg_128.npy"])
        let same = try PythonReference.run("""
            import pickle, sys, warnings, numpy as np
            warnings.simplefilter('ignore')
            a, b = (pickle.loads(open(p, 'rb').read()) for p in sys.argv[1:3])
            print(list(a) == list(b) and all(np.array_equal(a[k], b[k]) for k in a))
            """, arguments: [folder.file("back/XSeg_128.npy").path, model.appendingPathComponent("XSeg_128.npy").path])
        #expect(same.trimmingCharacters(in: .whitespacesAndNewlines) == "True")
        let again = try MasqueBinary.run(["model", "export-dfl", "--model-dir", model.path, "--out", folder.file("back").path])
        #expect(again.status == 1 && again.errorLines.count == 1 && again.errorLines[0].contains("--force"), "\(again.standardError)")

        let damaged = folder.file("damaged")
        try FileManager.default.createDirectory(at: damaged, withIntermediateDirectories: true)
        _ = try PythonReference.run("""
            import pickle, sys, warnings
            warnings.simplefilter('ignore')
            w = pickle.loads(open(sys.argv[1], 'rb').read())
            w['uconv33/conv/weight:0'] = w['uconv33/conv/weight:0'][:, :, :8]
            open(sys.argv[2], 'wb').write(pickle.dumps(w, protocol=4))
            """, arguments: [model.appendingPathComponent("XSeg_128.npy").path, damaged.appendingPathComponent("XSeg_128.npy").path])
        let bad = try MasqueBinary.run(["model", "predict", folder.file("none.npy").path, "--model-dir", damaged.path,
                                        "--out", folder.file("x").path])
        #expect(bad.status == 1 && bad.errorLines.count == 1, "\(bad.standardError)")
        #expect(bad.errorLines.first?.contains(damaged.appendingPathComponent("XSeg_128.npy").path) == true
                && bad.errorLines.first?.contains("'uconv33/conv/weight:0'") == true, "\(bad.standardError)")

        let train = try MasqueBinary.run(["train", "xseg", "--model-dir", model.path, "--no-prompt", "--workspace", folder.file("ws").path])
        #expect(train.status == 1 && train.errorLines.count == 1 && train.errorLines[0].contains(folder.file("ws/data_src/aligned").path),
                "\(train.standardError)")
    }
}
