import DFLFormats
import FaceAnalysis
import Foundation
import Inference
import NN
import Support
import Training

/// SAEHD (and Quick96) models in DFL's own files: import to train on in Masque, export so DFL
/// opens them again. Weights go through the DFL weight loader and writer (layouts converted at
/// the boundary); `data.dat` through the safe pickle reader.
public enum SAEHDDFLFiles {
    /// What an imported model holds.
    public struct Imported {
        public var network: SAEHDNetwork
        /// The options, resolved by `SAEHDOptions` (DFL's stored values, checked and clamped).
        public var options: [String: OptionValue]
        public var data: DFLModelData
    }

    /// Reads `model`: its options build the network, each part file loads into its part.
    /// Throws naming the file and key of a missing or mis-shaped weight; nothing is half-loaded.
    public static func load(_ model: DFLTrainedModel) throws -> Imported {
        let data = try DFLModelData.read(model.dataFile)
        let options = try SAEHDOptions.resolve(given: [:], stored: data.options).values
        let (architecture, dimensions) = try SAEHDOptions.network(options)
        let network = SAEHDNetwork(architecture: architecture, dimensions: dimensions)
        try loadWeights(model, into: network)
        return Imported(network: network, options: options, data: data)
    }

    /// Loads each of `network`'s part files (`<name>_<Class>_encoder.npy`, …) into its part; with
    /// `step`, also the critics' files (`_code_discriminator.npy`, `_GAN.npy`) into the critics that
    /// are on, and the optimizer files (`_src_dst_opt.npy`, `_D_code_opt.npy`, `_GAN_opt.npy`) into
    /// their optimizers, each where its file exists (absent: it starts afresh, as in DFL). A missing
    /// or mis-shaped network weight, or a mis-shaped optimizer slot, throws naming the file and key.
    public static func loadWeights(_ model: DFLTrainedModel, into network: SAEHDNetwork, step: SAEHDTrainingStep? = nil) throws {
        for (part, module) in network.parts {
            let file = try DFLWeightFile(contentsOf: model.weightFile(part))
            try DFLWeightLoader.load(file, into: module, network: "\(model.modelClass) \(part)")
        }
        for part in step?.critics.checkpointParts ?? [] where PathKind.of(model.weightFile(part.name)) == .file {
            try DFLWeightLoader.load(try DFLWeightFile(contentsOf: model.weightFile(part.name)), into: part.module,
                                     network: "\(model.modelClass) \(part.name)")
        }
        for state in step.map(optimizerFiles) ?? [] where PathKind.of(model.weightFile(state.file)) == .file {
            try DFLOptimizerState.load(try DFLWeightFile(contentsOf: model.weightFile(state.file)), into: state.optimizer,
                                       modelName: state.modelName, network: "\(model.modelClass) \(state.file)")
        }
    }

    /// Writes `network` (with `step`: the critics that are on and every optimizer's state) and
    /// `data` as DFL's file set for `model` (each file atomically; the data file last, as DFL saves).
    public static func write(_ network: SAEHDNetwork, step: SAEHDTrainingStep? = nil, data: DFLModelData, to model: DFLTrainedModel) throws {
        try FileManager.default.createDirectory(at: model.folder, withIntermediateDirectories: true)
        for (part, module) in network.parts {
            try DFLWeightWriter.write(module, to: model.weightFile(part))
        }
        for part in step?.critics.checkpointParts ?? [] {
            try DFLWeightWriter.write(part.module, to: model.weightFile(part.name))
        }
        for state in step.map(optimizerFiles) ?? [] {
            try DFLOptimizerState.write(state.optimizer, modelName: state.modelName, to: model.weightFile(state.file))
        }
        try data.write(to: model.dataFile, keyOrder: SAEHDOptions.keyOrder)
    }

    /// DFL's optimizer files of `step`: the generator's `src_dst_opt` (its parameter names already
    /// start with the part names), the true-face critic's `D_code_opt` over the sub-model `dis`,
    /// and the patch critic's `GAN_opt` over `D_src`.
    static func optimizerFiles(_ step: SAEHDTrainingStep) -> [(file: String, optimizer: Optimizer, modelName: String)] {
        var files: [(String, Optimizer, String)] = [("src_dst_opt", step.optimizer, "")]
        if let code = step.critics.codeOptimizer { files.append(("D_code_opt", code, "dis/")) }
        if let patch = step.critics.patchOptimizer { files.append(("GAN_opt", patch, "D_src/")) }
        return files
    }
}
