import ArgumentParser
import Foundation
import Inference
import Models
import NN
import Support
import Tensors

/// `masque model-info PATH`: what a checkpoint folder, a safetensors file or a `.dfm` holds.
struct ModelInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model-info",
        abstract: "Show the tensors, parameter count and training state of a checkpoint or .safetensors file, or a .dfm's resolution, inputs and outputs.")

    @Argument(help: "A checkpoint folder (weights.safetensors, state.json), a .safetensors file, or a .dfm (ONNX) file.")
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
        if !isFolder.boolValue, ["dfm", "onnx"].contains(url.pathExtension.lowercased()) { return try reportDFM(url) }
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

    /// A `.dfm`: its resolution, face type guess, kind (AMP when it takes a morph value), inputs
    /// and outputs; an ONNX file that is not a `.dfm` fails with one line naming what is missing.
    private func reportDFM(_ url: URL) throws {
        let model = try ONNXModel(contentsOf: url)
        let (resolution, takesMorph) = try DFMModel.check(model)
        func shape(_ value: ONNXValueInfo) -> String {
            let dims = (value.dimensions ?? []).map { dimension -> String in
                switch dimension {
                case .fixed(let size): String(size)
                case .symbolic(let name): name
                case .unknown: "?"
                }
            }
            return "\(value.name) (\(dims.joined(separator: ",")))"
        }
        print("file: \(url.path)")
        print("dfm: \(takesMorph ? "AMP (takes a morph value)" : "SAEHD"), resolution \(resolution), opset \(model.opsetVersion), producer \(model.producer.isEmpty ? "unknown" : model.producer)")
        print("face type (guessed; a .dfm stores none): \(DFMModel.faceTypeGuess(fileName: url.lastPathComponent).name)")
        print("inputs: " + model.inputs.map(shape).joined(separator: ", "))
        print("outputs: " + model.outputs.map(shape).joined(separator: ", "))
    }
}
