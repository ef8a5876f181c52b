import DFLFormats
import Foundation
import NN
import Support
import Tensors
import Training

/// A model opened from a model folder for work other than training: Masque's save, or DFL's
/// files read through the safe pickle reader. `masque model …` commands act on it.
public struct OpenedModel {
    /// The network a model folder holds.
    public enum Network {
        /// A swap model (SAEHD, Quick96).
        case swap(SAEHDModel)
        /// An AMP model.
        case amp(AMPModel)
        case xseg(XSegModel)
    }

    public var network: Network
    public var state: TrainingState
    public var saved: SavedModel
    /// Masque's save folder of this model (where edits are written).
    public var saveFolder: URL

    /// Opens the model `name` (nil: the only one) of `kind` (nil: `SavedModel.kind(in:given:)`) in `folder`.
    public static func open(in folder: URL, kind given: TrainingRequest.ModelKind?, name: String?) throws -> OpenedModel {
        let kind = SavedModel.kind(in: folder, given: given)
        let chosen = try SavedModel.choose(in: folder, kind: kind, name: name, mustExist: true)
        let saved = SavedModel.list(in: folder, kind: kind).first { $0.name == chosen }!
        let files = DFLTrainedModel(folder: folder, name: chosen, modelClass: kind.className)
        let saveFolder = folder.appendingPathComponent(files.prefix)
        switch (kind, saved.format) {
        case (.xseg, .masque):
            let (model, state) = try XSegModel.load(from: saveFolder)
            return OpenedModel(network: .xseg(model), state: state, saved: saved, saveFolder: saveFolder)
        case (.xseg, .dfl):
            let loaded = try XSegDFLFiles.load(files)
            let options = loaded.data?.options ?? [:]
            let state = TrainingState(kind: XSegModel.kind, iteration: loaded.data?.iteration ?? 0, options: options,
                                      lossHistory: (loaded.data?.lossHistory ?? []).map { $0.map(Float.init) }, seed: 0)
            return OpenedModel(network: .xseg(XSegModel(network: loaded.network, options: options)), state: state, saved: saved,
                               saveFolder: saveFolder)
        case (.amp, .masque):
            let state = try savedState(saveFolder)
            let model = try AMPModel(options: AMPOptions.resolve(given: [:], stored: state.options).values, generator: try Generator(seed: state.seed))
            let loaded = try model.load(from: saveFolder)
            return OpenedModel(network: .amp(model), state: loaded, saved: saved, saveFolder: saveFolder)
        case (.amp, .dfl):
            let data = try DFLModelData.read(files.dataFile)
            let model = try AMPModel(options: AMPOptions.resolve(given: [:], stored: data.options).values, generator: try Generator(seed: 0))
            try AMPDFLFiles.loadWeights(files, into: model.network, step: model.step)
            let state = TrainingState(kind: model.kind, iteration: data.iteration, options: model.options,
                                      lossHistory: data.lossHistory.map { $0.map(Float.init) }, seed: 0)
            return OpenedModel(network: .amp(model), state: state, saved: saved, saveFolder: saveFolder)
        case (_, .masque):
            let stateFile = saveFolder.appendingPathComponent(Checkpoint.stateFile)
            let state: TrainingState
            do { state = try JSONDecoder().decode(TrainingState.self, from: Data(contentsOf: stateFile)) } catch {
                throw TrainingError("\(stateFile.path) cannot be read as a model's state (\(FileError.reason(error))); restore the model folder from a backup")
            }
            let model = try build(kind, options: state.options, seed: state.seed)
            let loaded = try model.load(from: saveFolder)
            return OpenedModel(network: .swap(model), state: loaded, saved: saved, saveFolder: saveFolder)
        case (_, .dfl):
            let data = try DFLModelData.read(files.dataFile)
            let model = try build(kind, options: data.options, seed: 0)
            try SAEHDDFLFiles.loadWeights(files, into: model.network, step: model.step)
            let state = TrainingState(kind: model.kind, iteration: data.iteration, options: model.options,
                                      lossHistory: data.lossHistory.map { $0.map(Float.init) }, seed: 0)
            return OpenedModel(network: .swap(model), state: state, saved: saved, saveFolder: saveFolder)
        }
    }

    /// The state of Masque's save in `folder`.
    private static func savedState(_ folder: URL) throws -> TrainingState {
        let stateFile = folder.appendingPathComponent(Checkpoint.stateFile)
        do { return try JSONDecoder().decode(TrainingState.self, from: Data(contentsOf: stateFile)) } catch {
            throw TrainingError("\(stateFile.path) cannot be read as a model's state (\(FileError.reason(error))); restore the model folder from a backup")
        }
    }

    /// The swap model of `kind` that `options` (stored ones) describe.
    static func build(_ kind: TrainingRequest.ModelKind, options: [String: OptionValue], seed: UInt64) throws -> SAEHDModel {
        switch kind {
        case .saehd: try SAEHDModel(options: SAEHDOptions.resolve(given: [:], stored: options).values, generator: try Generator(seed: seed))
        case .quick96: Quick96.model(generator: try Generator(seed: seed))
        case .xseg, .amp: throw TrainingError("an \(kind.className) model is not an SAEHD or Quick96 model")
        }
    }

    /// DFL's RTM steps: the parts a user resets.
    public enum Reset: String, Sendable, CaseIterable {
        /// LIAE's `inter_AB` (DF: its one `inter`).
        case interAB = "ab"
        /// LIAE's `inter_B`.
        case interB = "b"
        /// Every decoder.
        case decoders
    }

    /// Draws the parts of `reset` afresh and saves the model as Masque's save (a DFL model is
    /// then continued by `masque train`); the optimizer state and iteration stay, as after
    /// deleting the part's file in DFL. Returns the parts reset.
    @discardableResult
    public mutating func reset(_ reset: Reset) throws -> [String] {
        guard case .swap(let model) = self.network else {
            throw TrainingError("\(saved.name) is an \(saved.kind.className) model: reset-inter and reset-decoders work on SAEHD and Quick96 models (give --kind saehd)")
        }
        let network = model.network
        let names: Set<String>
        switch (reset, network.architecture.base) {
        case (.interAB, .df): names = ["inter"]
        case (.interB, .df):
            throw TrainingError("\(saved.name) is a DF model: it has one inter (reset it with masque model reset-inter ab); inter_B belongs to LIAE models")
        case (.interAB, .liae): names = ["inter_AB"]
        case (.interB, .liae): names = ["inter_B"]
        case (.decoders, _): names = network.decoderNames
        }
        network.reinitialize(names, generator: try Generator(seed: state.seed ^ UInt64(state.iteration) ^ 0x5EED))
        try model.save(to: saveFolder, state: state)
        return names.sorted()
    }

    /// The RMSprop state of Masque's XSeg save (its `optimizer.safetensors`) over `model`'s
    /// network; nil for DFL's files or a save without one.
    private func savedXSegOptimizer(_ model: XSegModel) throws -> Optimizer? {
        let file = saveFolder.appendingPathComponent(Checkpoint.optimizerFile)
        guard saved.format == .masque, PathKind.of(file) == .file else { return nil }
        let optimizer = try XSegTrainingModel.optimizer(for: model.network, seed: state.seed)
        try optimizer.loadState(try SafeTensors.read(file), source: file.path)
        return optimizer
    }

    /// Writes the model as DFL's file set into `folder` (each file atomically, the data file
    /// last): `<name>_<Class>_*.npy` and `_data.dat`; for XSeg `XSeg_<R>.npy`, `XSeg_<R>_opt.npy`
    /// when Masque's save holds an optimizer state and, unless the model is DFL's bare weights (no
    /// iteration, no options, as DFL's generic model), `XSeg_data.dat`. Refuses to replace a DFL model of that name unless `replace`. Returns the
    /// files written.
    public func exportDFL(to folder: URL, replace: Bool) throws -> [URL] {
        let history = state.lossHistory.map { $0.map(Double.init) }
        switch network {
        case .swap(let model):
            let files = DFLTrainedModel(folder: folder, name: saved.name, modelClass: model.kind)
            if !replace, PathKind.of(files.dataFile) == .file {
                throw TrainingError("\(files.dataFile.path) exists: give another --out, or --force to replace DFL's files of \(saved.name)")
            }
            let options = model.kind == "Quick96" ? [:] : model.options
            let data = DFLModelData(iteration: state.iteration, options: options, lossHistory: history)
            try SAEHDDFLFiles.write(model.network, step: model.step, data: data, to: files)
            let parts = model.network.parts.map(\.name) + model.step.critics.checkpointParts.map(\.name)
                + SAEHDDFLFiles.optimizerFiles(model.step).map(\.file)
            return parts.map(files.weightFile) + [files.dataFile]
        case .amp(let model):
            let files = DFLTrainedModel(folder: folder, name: saved.name, modelClass: model.kind)
            if !replace, PathKind.of(files.dataFile) == .file {
                throw TrainingError("\(files.dataFile.path) exists: give another --out, or --force to replace DFL's files of \(saved.name)")
            }
            let data = DFLModelData(iteration: state.iteration, options: model.options, lossHistory: history)
            try AMPDFLFiles.write(model.network, step: model.step, data: data, to: files)
            let parts = model.network.parts.map(\.name) + model.step.checkpointParts.map(\.name)
                + AMPDFLFiles.optimizerFiles(model.step).map(\.file)
            return parts.map(files.weightFile) + [files.dataFile]
        case .xseg(let model):
            let files = XSegDFLFiles.files(in: folder)
            let weights = files.weightFile(String(model.network.resolution))
            if !replace, let existing = [weights, files.dataFile].first(where: { PathKind.of($0) == .file }) {
                throw TrainingError("\(existing.path) exists: give another --out, or --force to replace DFL's XSeg files")
            }
            let options = model.options.filter { XSegDFLFiles.keyOrder.contains($0.key) }
            let bare = state.iteration == 0 && options.isEmpty && history.isEmpty
            let data = bare ? nil : DFLModelData(iteration: state.iteration, options: options, lossHistory: history)
            return try XSegDFLFiles.write(model.network, optimizer: try savedXSegOptimizer(model), data: data, to: files)
        }
    }
}
