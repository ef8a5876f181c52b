import Foundation
import NN
import Support
import Tensors
import Training

/// An XSeg model as DFL's `facelib/XSegNet.py` wraps the network: the network at its resolution,
/// the options it was trained with (DFL's `face_type`, `pretrain`, `batch_size`, as stored), and
/// `extract`'s post-processing of masks. Masque's save of it is a checkpoint folder `XSeg/`
/// (`weights.safetensors`, `state.json`), named like DFL's files (DFL forces the model name `XSeg`).
public final class XSegModel: @unchecked Sendable {
    /// DFL's model class and forced model name.
    public static let kind = "XSeg"

    public let network: XSegNetwork
    public let options: [String: OptionValue]

    public init(network: XSegNetwork, options: [String: OptionValue] = [:]) {
        self.network = network
        self.options = options
    }

    /// Faces run through the network at once; larger inputs go in chunks of this many.
    public static let chunk = 8

    /// DFL's `XSegNet.extract`: masks (N, 1, R, R) for faces (N, 3, R, R), BGR in [0, 1] — the
    /// network's sigmoid output clipped to [0, 1], with values below 0.1 set to 0 (DFL's noise floor).
    public func masks(_ faces: Tensor) -> Tensor {
        let count = faces.shape[0]
        let parts = stride(from: 0, to: count, by: Self.chunk).map { start in
            withoutGradients { network(faces.slice(0, start, min(start + Self.chunk, count))).mask }
        }
        let mask = (parts.count == 1 ? parts[0] : Tensor.cat(parts, dim: 0)).clamped(0, 1)
        return mask * mask.ge(0.1).to(mask.dtype)
    }

    /// Saves the network and `state` as Masque's checkpoint folder (atomically).
    public func save(to folder: URL, state: TrainingState) throws {
        try Checkpoint.save(model: network, state: state, to: folder)
    }

    /// Opens Masque's save in `folder`. The network's resolution and base channels are read from
    /// the saved weights (`savedNetwork`).
    public static func load(from folder: URL) throws -> (model: XSegModel, state: TrainingState) {
        let network = try savedNetwork(in: folder)
        let state = try Checkpoint.load(TrainingState.self, into: network, from: folder)
        guard state.kind == kind else {
            throw TrainingError("\(folder.path) holds a \(state.kind) model, not XSeg: give an XSeg model's folder")
        }
        return (XSegModel(network: network, options: state.options), state)
    }

    /// A network of the shape of the weights saved in `folder` (`conv01.conv.weight` gives the
    /// base channels and inputs, `dense1.weight` the bottleneck map, so the resolution), its
    /// weights not loaded.
    public static func savedNetwork(in folder: URL) throws -> XSegNetwork {
        let weightsURL = folder.appendingPathComponent(Checkpoint.weightsFile)
        let weights = try SafeTensors.read(weightsURL)
        guard let first = weights["conv01.conv.weight"]?.shape, first.count == 4,
              let dense = weights["dense1.weight"]?.shape, dense.count == 2 else {
            throw TrainingError("\(weightsURL.path) is not an XSeg network's weights (conv01.conv.weight or dense1.weight is missing or mis-shaped): pick the model folder of an XSeg model")
        }
        guard let resolution = XSegNetwork.resolution(denseInputs: dense[0], baseChannels: first[0]) else {
            throw TrainingError("\(weightsURL.path): 'dense1.weight' has shape \(dense) but no XSeg resolution fits base channels \(first[0]) (the file is damaged)")
        }
        return XSegNetwork(resolution: resolution, baseChannels: first[0], inChannels: first[1], outChannels: weights["out_conv.weight"]?.shape.first ?? 1)
    }
}
