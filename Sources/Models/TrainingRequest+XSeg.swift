import DFLFormats
import Foundation
import Support
import Tensors
import Training

extension TrainingRequest {
    /// `prepare` for XSeg (`models/Model_XSeg/Model.py`): Masque's `XSeg/` save resumes (its
    /// network's shape read from the save); else DFL's files import (`XSeg_256.npy`, with
    /// `XSeg_data.dat`'s options, iteration and losses when there is one, and the RMSprop state of
    /// `XSeg_256_opt.npy` when there is one, else RMSprop starts afresh); else a new network at DFL's 256 px and 32 base channels.
    /// Options resolve over the stored ones (`XSegOptions`); when pretraining was on and is now
    /// off, the iteration and loss history start again from 0, as DFL does.
    func prepareXSeg() throws -> Prepared {
        let saved = try savedState()
        let imported = saved == nil ? dflModel() : nil
        let importedData = try imported.flatMap { PathKind.of($0.dataFile) == .file ? try DFLModelData.read($0.dataFile) : nil }
        let stored = saved?.options ?? importedData?.options
        let (values, notes) = try XSegOptions.resolve(given: options, stored: stored)
        var changes = notes
        let seed = saved?.seed ?? self.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let network: XSegNetwork
        var state = TrainingState(kind: XSegModel.kind, options: values, seed: seed)
        if saved != nil {
            network = try XSegModel.savedNetwork(in: resumeFolder)
        } else if let imported {
            let loaded = try XSegDFLFiles.load(imported)
            network = loaded.network
            state.iteration = importedData?.iteration ?? 0
            state.lossHistory = (importedData?.lossHistory ?? []).map { $0.map(Float.init) }
        } else {
            network = XSegNetwork(generator: try Generator(seed: seed))
        }
        let model = try XSegTrainingModel(network: network, options: values, seed: seed)
        if saved == nil, let imported {
            let weights = imported.weightFile(String(network.resolution)).lastPathComponent
            let optimizer = try XSegDFLFiles.loadOptimizer(imported, resolution: network.resolution, into: model.optimizer)
            let resumes = optimizer.map { "the optimizer resumes from \($0.lastPathComponent)" } ?? "the optimizer starts afresh"
            changes.append("imported DFL's \(weights) at iteration \(state.iteration) (\(resumes)); it trains on as \(saveFolder.path) (DFL's files are left as they are; masque model export-dfl writes them back)")
        }
        if saved != nil {
            let loaded = try model.load(from: resumeFolder)
            state = TrainingState(kind: loaded.kind, iteration: loaded.iteration, options: values, lossHistory: loaded.lossHistory,
                                  seed: loaded.seed)
        }
        if stored?["pretrain"] == .bool(true), values["pretrain"] != .bool(true) {
            changes.append("pretraining turned off: iteration and loss history start again from 0, as DFL does")
            state.iteration = 0
            state.lossHistory = []
        }
        return Prepared(model: model, state: state, notes: changes)
    }
}
