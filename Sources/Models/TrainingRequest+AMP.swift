import DFLFormats
import Foundation
import Support
import Tensors
import Training

extension TrainingRequest {
    /// `prepare` for AMP (`models/Model_AMP/Model.py`): Masque's `<name>_AMP/` save resumes; else
    /// DFL's files import (`<name>_AMP_data.dat` with the weight, GAN and optimizer files); else a
    /// new model with the options given over DFL's defaults (`AMPOptions`).
    func prepareAMP() throws -> Prepared {
        let saved = try savedState()
        let imported = saved == nil ? dflModel() : nil
        let importedData = try imported.map { try DFLModelData.read($0.dataFile) }
        let stored = saved?.options ?? importedData?.options
        let seed = saved?.seed ?? self.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let (values, resolved) = try AMPOptions.resolve(given: options, stored: stored, hasGPU: device != .cpu)
        var changes = resolved
        let model = try AMPModel(options: values, generator: try Generator(seed: seed))
        var state = TrainingState(kind: model.kind, options: model.options, seed: seed)
        if saved != nil {
            let loaded = try model.load(from: resumeFolder)
            state = TrainingState(kind: loaded.kind, iteration: loaded.iteration, options: model.options,
                                  lossHistory: loaded.lossHistory, seed: loaded.seed)
        } else if let imported, let importedData {
            try AMPDFLFiles.loadWeights(imported, into: model.network, step: model.step)
            state.iteration = importedData.iteration
            state.lossHistory = importedData.lossHistory.map { $0.map(Float.init) }
            changes.append("imported DFL's \(imported.dataFile.lastPathComponent) at iteration \(importedData.iteration); it trains on as \(saveFolder.path) (DFL's files are left as they are; masque model export-dfl writes them back)")
        }
        return Prepared(model: model, state: state, notes: changes)
    }
}
