import DFLFormats
import Foundation
import Inference
import NN
import Support
import Training

/// AMP models in DFL's own files (reference §6.1, §5.9): `<name>_AMP_encoder.npy`, `_inter_src.npy`,
/// `_inter_dst.npy`, `_decoder.npy`, `_src_dst_opt.npy`, `_GAN.npy` + `_GAN_opt.npy`, and
/// `_data.dat`, through the DFL weight loader and writer and the safe pickle reader.
public enum AMPDFLFiles {
    /// Reads `model`: its options build the network, each part file loads into its part.
    public static func load(_ model: DFLTrainedModel) throws -> (network: AMPNetwork, options: [String: OptionValue], data: DFLModelData) {
        let data = try DFLModelData.read(model.dataFile)
        let options = try AMPOptions.resolve(given: [:], stored: data.options).values
        let network = AMPNetwork(dimensions: try AMPOptions.dimensions(options))
        try loadWeights(model, into: network)
        return (network, options, data)
    }

    /// Loads each part file into its part; with `step`, the GAN's file when it is on and the
    /// optimizer files, each where it exists (absent: it starts afresh, as in DFL). A missing or
    /// mis-shaped network weight throws naming the file and key.
    public static func loadWeights(_ model: DFLTrainedModel, into network: AMPNetwork, step: AMPTrainingStep? = nil) throws {
        for (part, module) in network.parts {
            try DFLWeightLoader.load(try DFLWeightFile(contentsOf: model.weightFile(part)), into: module, network: "AMP \(part)")
        }
        for part in step?.checkpointParts ?? [] where PathKind.of(model.weightFile(part.name)) == .file {
            try DFLWeightLoader.load(try DFLWeightFile(contentsOf: model.weightFile(part.name)), into: part.module, network: "AMP \(part.name)")
        }
        for state in step.map(optimizerFiles) ?? [] where PathKind.of(model.weightFile(state.file)) == .file {
            try DFLOptimizerState.load(try DFLWeightFile(contentsOf: model.weightFile(state.file)), into: state.optimizer,
                                       modelName: state.modelName, network: "AMP \(state.file)")
        }
    }

    /// Writes `network` (with `step`: the GAN when on and every optimizer's state) and `data` as
    /// DFL's file set for `model`, each file atomically, the data file last.
    public static func write(_ network: AMPNetwork, step: AMPTrainingStep? = nil, data: DFLModelData, to model: DFLTrainedModel) throws {
        try FileManager.default.createDirectory(at: model.folder, withIntermediateDirectories: true)
        for (part, module) in network.parts { try DFLWeightWriter.write(module, to: model.weightFile(part)) }
        for part in step?.checkpointParts ?? [] { try DFLWeightWriter.write(part.module, to: model.weightFile(part.name)) }
        for state in step.map(optimizerFiles) ?? [] {
            try DFLOptimizerState.write(state.optimizer, modelName: state.modelName, to: model.weightFile(state.file))
        }
        try data.write(to: model.dataFile, keyOrder: AMPOptions.keyOrder)
    }

    /// DFL's optimizer files of `step`: `src_dst_opt` (encoder and decoder slots) and `GAN_opt`.
    static func optimizerFiles(_ step: AMPTrainingStep) -> [(file: String, optimizer: Optimizer, modelName: String)] {
        var files: [(String, Optimizer, String)] = [("src_dst_opt", step.optimizer, "")]
        if let patch = step.patchOptimizer { files.append(("GAN_opt", patch, "GAN/")) }
        return files
    }
}
