import ArgumentParser
import Foundation
import NN
import Support
import Tensors

/// `masque model-info PATH`: what a checkpoint folder or a safetensors file holds.
struct ModelInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model-info",
        abstract: "Show the tensors, parameter count and training state of a checkpoint or .safetensors file.")

    @Argument(help: "A checkpoint folder (weights.safetensors, state.json) or a .safetensors file.")
    var path: String

    @Flag(help: "List every tensor with its shape and dtype.")
    var tensors = false

    func run() throws {
        try CommandFailure.reporting { try report() }
    }

    private func report() throws {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw FileError.missingInput(path: url.path)
        }
        let weightsURL = isFolder.boolValue ? url.appendingPathComponent(Checkpoint.weightsFile) : url
        let contents = try SafeTensors.read(weightsURL)
        let count = contents.tensors.reduce(0) { $0 + $1.tensor.elementCount }
        print("file: \(weightsURL.path)")
        print("tensors: \(contents.tensors.count), parameters: \(count)")
        for (key, value) in contents.metadata.sorted(by: { $0.key < $1.key }) { print("metadata \(key): \(value)") }
        if isFolder.boolValue {
            let stateURL = url.appendingPathComponent(Checkpoint.stateFile)
            guard let data = FileManager.default.contents(atPath: stateURL.path),
                  let state = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { throw CheckpointError("corrupt or missing \(stateURL.path) (restore the model from a backup)") }
            if let iteration = state["iteration"] { print("iteration: \(iteration)") }
        }
        if tensors {
            for (name, tensor) in contents.tensors { print("\(name) \(tensor.shape) \(tensor.dtype)") }
        }
    }
}
