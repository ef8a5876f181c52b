import Foundation
import Support
import Tensors

/// A saved model: a folder holding `weights.safetensors`, `optimizer.safetensors` (optional)
/// and `state.json` (options, iteration, losses, random state: any Codable value).
///
/// Saving is atomic: the files are written into a new sibling folder and flushed to disk, then the
/// folder is renamed into place; the previous save is kept as `.<name>.previous` until the new one
/// is complete, and loading falls back to it if a crash came between the two renames.
public enum Checkpoint {
    public static let weightsFile = "weights.safetensors"
    public static let optimizerFile = "optimizer.safetensors"
    public static let stateFile = "state.json"

    /// Saves `model`'s parameters, `optimizer`'s state, each of `parts` and `state` into `folder`.
    public static func save<State: Encodable>(model: Module, optimizer: Optimizer? = nil, parts: [CheckpointPart] = [],
                                              state: State, to folder: URL) throws(CheckpointError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try AtomicFile.writeFolder(folder, previous: previousFolder(of: folder)) { staging in
                let weights = model.namedParameters().map { (name: $0.name, tensor: $0.parameter.value.detached()) }
                try SafeTensors.write(SafeTensors.Contents(tensors: weights), to: staging.appendingPathComponent(weightsFile))
                if let optimizer {
                    try SafeTensors.write(SafeTensors.Contents(tensors: optimizer.stateTensors()),
                                          to: staging.appendingPathComponent(optimizerFile))
                }
                for part in parts {
                    let weights = part.module.namedParameters().map { (name: $0.name, tensor: $0.parameter.value.detached()) }
                    try SafeTensors.write(SafeTensors.Contents(tensors: weights), to: staging.appendingPathComponent(part.weightsFile))
                    if let optimizer = part.optimizer {
                        try SafeTensors.write(SafeTensors.Contents(tensors: optimizer.stateTensors()),
                                              to: staging.appendingPathComponent(part.optimizerFile))
                    }
                }
                try AtomicFile.write(try encoder.encode(state), to: staging.appendingPathComponent(stateFile))
            }
        } catch let error as SafeTensorsError {
            throw CheckpointError("cannot save \(folder.path): \(error.message); the previous save is kept")
        } catch {
            throw CheckpointError("cannot save \(folder.path): \(FileError.reason(error)) (free disk space and retry; the previous save is kept)")
        }
    }

    /// Loads `folder` into `model` (and `optimizer`, and each of `parts` whose files are there)
    /// and returns the saved state. Every parameter must be present with its shape; extra tensors
    /// are ignored. Weights are assigned only once every file has read back.
    public static func load<State: Decodable>(_ type: State.Type, into model: Module, optimizer: Optimizer? = nil,
                                              parts: [CheckpointPart] = [], from folder: URL) throws(CheckpointError) -> State {
        let fileManager = FileManager.default
        var source = folder
        if !fileManager.fileExists(atPath: folder.appendingPathComponent(stateFile).path),
           fileManager.fileExists(atPath: previousFolder(of: folder).appendingPathComponent(stateFile).path) {
            source = previousFolder(of: folder)
        }
        let stateURL = source.appendingPathComponent(stateFile)
        guard fileManager.fileExists(atPath: stateURL.path) else {
            throw CheckpointError("no checkpoint in \(folder.path): \(stateFile) is missing (check the model folder)")
        }
        let state: State
        do {
            state = try JSONDecoder().decode(State.self, from: Data(contentsOf: stateURL))
        } catch {
            throw CheckpointError("corrupt \(stateURL.path): \(error.localizedDescription) (restore the model from a backup)")
        }
        let weightsURL = source.appendingPathComponent(weightsFile)
        let weights: SafeTensors.Contents
        do { weights = try SafeTensors.read(weightsURL) } catch { throw CheckpointError(error.message) }
        var loaded = try matched(model, weights, file: weightsURL.path)
        var optimizers: [(Optimizer, URL)] = optimizer.map { [($0, source.appendingPathComponent(optimizerFile))] } ?? []
        for part in parts {
            let partURL = source.appendingPathComponent(part.weightsFile)
            guard fileManager.fileExists(atPath: partURL.path) else { continue }
            let partWeights: SafeTensors.Contents
            do { partWeights = try SafeTensors.read(partURL) } catch { throw CheckpointError(error.message) }
            loaded += try matched(part.module, partWeights, file: partURL.path)
            let partOptimizerURL = source.appendingPathComponent(part.optimizerFile)
            if let partOptimizer = part.optimizer, fileManager.fileExists(atPath: partOptimizerURL.path) {
                optimizers.append((partOptimizer, partOptimizerURL))
            }
        }
        for (optimizer, url) in optimizers {
            let contents: SafeTensors.Contents
            do { contents = try SafeTensors.read(url) } catch { throw CheckpointError(error.message) }
            try optimizer.loadState(contents, source: url.path)
        }
        withoutGradients {
            for (parameter, saved) in loaded { parameter.value.assign(saved) }
        }
        return state
    }

    /// Each parameter of `module` with its saved tensor; throws naming a missing or mis-shaped one.
    private static func matched(_ module: Module, _ weights: SafeTensors.Contents, file: String)
        throws(CheckpointError) -> [(Parameter, Tensor)] {
        var loaded: [(Parameter, Tensor)] = []
        for (name, parameter) in module.namedParameters() {
            guard let saved = weights[name] else { throw CheckpointError.missing(name, in: file) }
            guard saved.shape == parameter.value.shape else {
                throw CheckpointError.shapeMismatch(name, saved.shape, parameter.value.shape, in: file)
            }
            loaded.append((parameter, saved))
        }
        return loaded
    }

    static func previousFolder(of folder: URL) -> URL {
        folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).previous")
    }
}
