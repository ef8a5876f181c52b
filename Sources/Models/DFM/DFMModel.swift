import FaceGeometry
import Foundation
import Inference
import Support
import Tensors

/// A `.dfm` file (DeepFaceLive's swap model, reference §9) opened for Masque's ONNX runner: its
/// resolution from the `in_face:0` shape, whether it takes a morph value (AMP), and a face type
/// guessed from its name (a `.dfm` stores none).
public struct DFMModel: @unchecked Sendable {
    public let url: URL
    public let executor: ONNXGraphExecutor
    /// Input side R.
    public let resolution: Int
    /// Whether the file takes `morph_value:0` (an AMP export, DeepFaceLive's "model type 2").
    public let takesMorph: Bool
    /// The graph's input and output names, in order.
    public let inputNames: [String]
    public let outputNames: [String]
    /// The face type the merger aligns faces to: `faceTypeGuess` unless given.
    public let faceType: FaceType

    /// Opens and compiles `url` for `device`. Throws one line naming what makes it not a `.dfm`.
    public init(contentsOf url: URL, device: Device = .cpu, faceType: FaceType? = nil) throws {
        let model = try ONNXModel(contentsOf: url)
        let (resolution, takesMorph) = try Self.check(model)
        self.url = url
        self.resolution = resolution
        self.takesMorph = takesMorph
        inputNames = model.inputs.map(\.name)
        outputNames = model.outputs.map(\.name)
        self.faceType = faceType ?? Self.faceTypeGuess(fileName: url.lastPathComponent)
        executor = try ONNXGraphExecutor(model: model, device: device)
    }

    /// DeepFaceLive's rules (§9): the first input's name contains `in_face` and its shape is
    /// (N, R, R, 3); a second input, if any, contains `morph_value`; three outputs. Returns R and
    /// whether there is a morph input; throws naming what is missing.
    public static func check(_ model: ONNXModel) throws -> (resolution: Int, takesMorph: Bool) {
        let expected = "a .dfm takes \(DFMContract.faceInput) (N,R,R,3) [and \(DFMContract.morphInput) (1,)] and gives \(DFMContract.outputs.joined(separator: ", "))"
        guard let face = model.inputs.first, face.name.contains("in_face") else {
            throw ONNXError("\(model.source) is not a .dfm: it has no input named \(DFMContract.faceInput) (its inputs: \(model.inputs.map(\.name).joined(separator: ", "))); \(expected)")
        }
        guard let dims = face.dimensions, dims.count == 4, case .fixed(let r) = dims[1], case .fixed(let w) = dims[2], r == w,
              case .fixed(3) = dims[3] else {
            throw ONNXError("\(model.source) is not a .dfm: input \(face.name) is not (N,R,R,3) with a fixed R; \(expected)")
        }
        let morph = model.inputs.dropFirst().first
        if let morph, !morph.name.contains("morph_value") {
            throw ONNXError("\(model.source) is not a .dfm: its second input \(morph.name) is not \(DFMContract.morphInput); \(expected)")
        }
        guard model.inputs.count <= 2 else {
            throw ONNXError("\(model.source) is not a .dfm: it has \(model.inputs.count) inputs; \(expected)")
        }
        guard model.outputs.count == 3 else {
            let missing = DFMContract.outputs.filter { name in !model.outputs.contains { $0.name == name } }
            throw ONNXError("\(model.source) is not a .dfm: it has \(model.outputs.count) outputs, not 3 (missing \(missing.joined(separator: ", "))); \(expected)")
        }
        return (r, morph != nil)
    }

    /// The face type a `.dfm` was most likely trained on: from its file name (`head`, `_f_`/`full`,
    /// `mf`, `wf`), else whole face (DeepFaceLive's and DFL's AMP default).
    public static func faceTypeGuess(fileName: String) -> FaceType {
        let tokens = Set(fileName.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        if tokens.contains("head") { return .head }
        if tokens.contains("mf") { return .midFull }
        if tokens.contains("f") || tokens.contains("full") || tokens.contains("ff") { return .full }
        return .wholeFace
    }

    /// The swap of NCHW faces (N, 3, R, R) BGR in [0, 1] at `morph` (AMP files; others ignore
    /// it): (swapped face, its mask, the dst face's mask), NCHW.
    public func swap(_ faces: Tensor, morph: Double) throws -> (face: Tensor, mask: Tensor, destinationMask: Tensor) {
        var feeds = [inputNames[0]: faces.permuted([0, 2, 3, 1]).contiguous()]
        if takesMorph { feeds[inputNames[1]] = Tensor([Float(morph)], shape: [1]) }
        let results = try executor.run(feeds)
        func nchw(_ index: Int) throws -> Tensor {
            guard let tensor = results[outputNames[index]], tensor.rank == 4 else {
                throw ONNXError("\(url.path): output \(outputNames[index]) is not an (N,R,R,C) image")
            }
            return tensor.permuted([0, 3, 1, 2]).contiguous()
        }
        return (try nchw(1), try nchw(2), try nchw(0))
    }
}
