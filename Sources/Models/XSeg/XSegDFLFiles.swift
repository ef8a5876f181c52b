import DFLFormats
import Foundation
import Inference
import NN
import Support

/// XSeg models in DFL's own files (reference §4.2, §4.3, §5.9): the weights `XSeg_<R>.npy`
/// (`facelib/XSegNet.py` names them `<name>_<resolution>.npy`; DFL's are `XSeg_256.npy`) and,
/// where DFL trained the model, `XSeg_data.dat` (iteration, options, losses) and the RMSprop
/// state `XSeg_<R>_opt.npy`. The generic
/// whole-face model DFL ships (`_internal/model_generic_xseg`) holds the weights alone. Weights go
/// through the DFL weight loader and writer (layouts converted at the boundary), `data.dat`
/// through the safe pickle reader.
public enum XSegDFLFiles {
    /// The XSeg files of `folder` (`XSeg_*`).
    public static func files(in folder: URL) -> DFLTrainedModel {
        DFLTrainedModel(folder: folder, name: DFLTrainedModel.xsegClass, modelClass: DFLTrainedModel.xsegClass)
    }

    /// The resolution R of a weight file named `XSeg_<R>.npy`; nil for any other name.
    public static func resolution(ofWeightFile name: String) -> Int? {
        let prefix = "\(DFLTrainedModel.xsegClass)_", suffix = ".npy"
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    /// The resolutions of the `XSeg_<R>.npy` files in `folder`: DFL's 256 first, then ascending.
    public static func resolutions(in folder: URL) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let dfl = XSegNetwork.dflResolution
        return names.compactMap(resolution(ofWeightFile:)).sorted { ($0 == dfl ? 0 : 1, $0) < ($1 == dfl ? 0 : 1, $1) }
    }

    /// What a DFL XSeg model folder holds.
    public struct Loaded {
        public var network: XSegNetwork
        /// `XSeg_data.dat`, nil where there is none (DFL's generic model).
        public var data: DFLModelData?
        /// The weight file read.
        public var weightFile: URL
    }

    /// Reads the XSeg model of `files.folder`: `XSeg_256.npy` (else the `XSeg_<R>.npy` of the
    /// lowest R) into a network of that resolution and of the base channels its first kernel has,
    /// and `XSeg_data.dat` when present. Throws one line naming the file (and key) when a weight
    /// is missing or mis-shaped; nothing is half-loaded.
    public static func load(_ files: DFLTrainedModel) throws -> Loaded {
        guard let resolution = resolutions(in: files.folder).first else {
            throw DFLModelError("\(files.folder.path) holds no XSeg weights (XSeg_256.npy): give the folder of a DFL XSeg model (e.g. DFL's _internal/model_generic_xseg)")
        }
        let url = files.weightFile(String(resolution))
        guard XSegNetwork.isValid(resolution: resolution) else {
            throw DFLModelError("\(url.path): resolution \(resolution) is not a multiple of 64 (DFL's XSeg weights are XSeg_256.npy): rename or remove the file")
        }
        let file = try DFLWeightFile(contentsOf: url)
        let key = "conv01/conv/weight:0"
        guard let first = file[key] else {
            throw DFLModelError("\(url.path) lacks the weight '\(key)' that XSeg needs (is it DeepFaceLab's XSeg file?)")
        }
        guard first.shape.count == 4, first.shape[0] == 3, first.shape[1] == 3, first.shape[2] == 3, first.shape[3] > 0 else {
            throw DFLModelError("\(url.path): weight '\(key)' has shape (\(first.shape.map(String.init).joined(separator: ", "))) but XSeg expects (3, 3, 3, base channels) (is it DeepFaceLab's XSeg file?)")
        }
        let network = XSegNetwork(resolution: resolution, baseChannels: first.shape[3])
        try DFLWeightLoader.load(file, into: network, network: "XSeg")
        let data = PathKind.of(files.dataFile) == .file ? try DFLModelData.read(files.dataFile) : nil
        return Loaded(network: network, data: data, weightFile: url)
    }

    /// DFL's optimizer file of the XSeg model of `resolution` in `files.folder`, `XSeg_<R>_opt.npy`.
    public static func optimizerFile(_ files: DFLTrainedModel, resolution: Int) -> URL {
        files.weightFile("\(resolution)_opt")
    }

    /// The name of DFL's XSeg sub-model (`nn.XSeg(name='XSeg')`), with which the full names of its
    /// weights — and so the keys of its optimizer file, `acc_XSeg/conv01/conv/weight_0:0` — begin.
    static let modelName = "\(DFLTrainedModel.xsegClass)/"

    /// Loads `XSeg_<R>_opt.npy` of `files.folder` into `optimizer` (RMSprop over the network's
    /// parameters) when the file exists, as leras loads it (`DFLOptimizerState.load`); returns
    /// the file, or nil when there is none and the optimizer stays as it was.
    @discardableResult
    public static func loadOptimizer(_ files: DFLTrainedModel, resolution: Int, into optimizer: Optimizer) throws -> URL? {
        let url = optimizerFile(files, resolution: resolution)
        guard PathKind.of(url) == .file else { return nil }
        try DFLOptimizerState.load(try DFLWeightFile(contentsOf: url), into: optimizer, modelName: modelName,
                                   network: "XSeg \(url.lastPathComponent)")
        return url
    }

    /// DFL's order of XSeg's options (`models/Model_XSeg/Model.py on_initialize_options`).
    public static let keyOrder = ["face_type", "pretrain", "batch_size"]

    /// Writes `network` as `XSeg_<R>.npy`, when given `optimizer` (RMSprop over the network's
    /// parameters) as `XSeg_<R>_opt.npy`, and when given `data` as `XSeg_data.dat` into
    /// `files.folder` (each file atomically, the data file last, as DFL saves). Returns the files.
    @discardableResult
    public static func write(_ network: XSegNetwork, optimizer: Optimizer? = nil, data: DFLModelData?, to files: DFLTrainedModel) throws -> [URL] {
        do { try FileManager.default.createDirectory(at: files.folder, withIntermediateDirectories: true) } catch {
            throw FileError.writeFailed(path: files.folder.path, reason: FileError.reason(error))
        }
        var written = [files.weightFile(String(network.resolution))]
        try DFLWeightWriter.write(network, to: written[0])
        if let optimizer {
            written.append(optimizerFile(files, resolution: network.resolution))
            try DFLOptimizerState.write(optimizer, modelName: modelName, to: written[1])
        }
        guard let data else { return written }
        try data.write(to: files.dataFile, keyOrder: keyOrder)
        return written + [files.dataFile]
    }
}
