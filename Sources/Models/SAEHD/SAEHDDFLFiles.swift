import DFLFormats
import FaceAnalysis
import Foundation
import Inference
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

    /// Loads each of `network`'s part files (`<name>_<Class>_encoder.npy`, …) into its part,
    /// and the critics' files (`_code_discriminator.npy`, `_GAN.npy`) into `critics` where both
    /// exist. A missing or mis-shaped network weight throws naming the file and key.
    public static func loadWeights(_ model: DFLTrainedModel, into network: SAEHDNetwork, critics: SAEHDCritics? = nil) throws {
        for (part, module) in network.parts {
            let file = try DFLWeightFile(contentsOf: model.weightFile(part))
            try DFLWeightLoader.load(file, into: module, network: "\(model.modelClass) \(part)")
        }
        for part in critics?.checkpointParts ?? [] where PathKind.of(model.weightFile(part.name)) == .file {
            try DFLWeightLoader.load(try DFLWeightFile(contentsOf: model.weightFile(part.name)), into: part.module,
                                     network: "\(model.modelClass) \(part.name)")
        }
    }

    /// Writes `network` (and the critics that are on) and `data` as DFL's file set for `model` (each file atomically; the data
    /// file last, as DFL saves).
    public static func write(_ network: SAEHDNetwork, critics: SAEHDCritics? = nil, data: DFLModelData, to model: DFLTrainedModel) throws {
        try FileManager.default.createDirectory(at: model.folder, withIntermediateDirectories: true)
        for (part, module) in network.parts {
            try DFLWeightWriter.write(module, to: model.weightFile(part))
        }
        for part in critics?.checkpointParts ?? [] {
            try DFLWeightWriter.write(part.module, to: model.weightFile(part.name))
        }
        try data.write(to: model.dataFile, keyOrder: SAEHDOptions.keyOrder)
    }
}
