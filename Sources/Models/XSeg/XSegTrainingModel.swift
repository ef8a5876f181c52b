import FaceGeometry
import Foundation
import Imaging
import NN
import Support
import Tensors
import Training

/// XSeg as a `TrainableModel` on the one trainer (`models/Model_XSeg/Model.py`, reference §4.3):
/// the network of `XSegNetwork`, RMSprop at lr 1e-4 with learning-rate dropout 0.3 always on and
/// no clipping, one step per iteration on a batch of labelled faces (`XSegSampleProcessor`), the
/// loss of `XSegLoss` (its gradient taken of the batch sum, as DFL does). The dropout masks of
/// the optimizer's k-th update come from a generator seeded with (seed, k), so a resumed model
/// takes the same steps as one that never stopped. Saved as Masque's
/// checkpoint folder `XSeg/` (`weights.safetensors`, `optimizer.safetensors`, `state.json`),
/// which `XSegModel.load` opens for prediction.
public final class XSegTrainingModel: TrainableModel {
    public let kind = XSegModel.kind
    public private(set) var options: [String: OptionValue]
    public let network: XSegNetwork
    public let optimizer: RMSprop
    public let faceType: FaceType
    public let batchSize: Int
    public let lossNames = ["loss"]
    /// Whether the network trains in DFL's pretraining mode (skips zeroed, grey targets).
    public let pretrain: Bool
    public private(set) var device: Device = .cpu
    public private(set) var optimizerOnDevice = true
    /// The seed of the learning-rate dropout masks (the optimizer's `dropoutSeed`).
    public let seed: UInt64

    /// DFL's XSeg learning rate and learning-rate dropout (keep-probability).
    public static let learningRate = 1e-4
    public static let lrDropout = 0.3

    /// A model training `network` with resolved `options` (`XSegOptions.resolve`); `seed` seeds
    /// the learning-rate dropout masks.
    public init(network: XSegNetwork, options: [String: OptionValue], seed: UInt64) throws {
        guard let faceType = options["face_type"]?.stringValue.flatMap(FaceType.init(option:)) else {
            throw OptionError("face_type '\(options["face_type"] ?? .string(""))' is not h, mf, f, wf or head")
        }
        self.network = network
        self.options = options
        self.faceType = faceType
        batchSize = max(1, options["batch_size"]?.intValue ?? 4)
        pretrain = options["pretrain"] == .bool(true)
        self.seed = seed
        optimizer = try Self.optimizer(for: network, seed: seed)
    }

    /// DFL's XSeg optimizer over `network`'s parameters: RMSprop at `learningRate` with
    /// `lrDropout`, its masks drawn from `seed`.
    public static func optimizer(for network: XSegNetwork, seed: UInt64) throws -> RMSprop {
        let optimizer = RMSprop(network.namedParameters(), rules: UpdateRules(learningRate: learningRate, lrDropout: lrDropout),
                                generator: try Generator(seed: seed))
        optimizer.dropoutSeed = seed
        return optimizer
    }

    /// The faces XSeg trains on (DFL's `SegmentedSampleFilterSubprocessor`): every face of both
    /// facesets whose label polygons hold a point; when there is none, every face with an
    /// applied XSeg mask; with a line saying which. Throws one line naming both folders when
    /// neither holds any.
    public static func labelledFaces(source: TrainingFaceset, destination: TrainingFaceset) throws
        -> (faces: [TrainingSample], summary: String) {
        let all = source.samples + destination.samples
        func counted(_ faces: [TrainingSample], _ what: String) -> String {
            let fromSource = source.samples.filter { face in faces.contains { $0.name == face.name } }.count
            return "XSeg trains on \(faces.count) faces with \(what) (\(fromSource) of src, \(faces.count - fromSource) of dst)"
        }
        let labelled = all.filter(\.hasXSegLabels)
        if !labelled.isEmpty { return (labelled, counted(labelled, "label polygons")) }
        let masked = all.filter { $0.xsegMask != nil }
        if !masked.isEmpty { return (masked, counted(masked, "applied XSeg masks (no face has label polygons)")) }
        throw TrainingError("neither \(source.folder.path) nor \(destination.folder.path) holds a face with XSeg label polygons or an applied XSeg mask: label some faces (DFL's XSeg editor stores the polygons in the JPEGs) and train again")
    }

    /// DFL's streams: the labelled faces of both facesets (training), then the plain src and dst
    /// faces the preview shows; while pretraining, the pretraining faceset (`source`) alone.
    public func sampleStreams(source: TrainingFaceset, destination: TrainingFaceset) throws -> [SampleStream] {
        let resolution = network.resolution
        if pretrain {
            return [SampleStream(samples: source.samples, processor: XSegSampleProcessor(resolution: resolution, faceType: faceType, mode: .pretraining))]
        }
        let labelled = try Self.labelledFaces(source: source, destination: destination).faces
        let plain = XSegSampleProcessor(resolution: resolution, faceType: faceType, mode: .plain)
        return [
            SampleStream(samples: labelled, processor: XSegSampleProcessor(resolution: resolution, faceType: faceType, mode: .training,
                                                                            backgrounds: labelled)),
            SampleStream(samples: source.samples, processor: plain, trains: false),
            SampleStream(samples: destination.samples, processor: plain, trains: false),
        ]
    }

    public func place(on device: Device, optimizerOnDevice: Bool) throws {
        try network.move(to: device)
        try optimizer.moveState(to: optimizerOnDevice ? device : .cpu)
        self.device = device
        self.optimizerOnDevice = optimizerOnDevice
    }

    /// The per-sample losses of `batch` (the training stream's): the network's input is the
    /// augmented face, the target its label mask (or, pretraining, its grey).
    func losses(_ batch: TrainingBatch) -> Tensor {
        let (logits, mask) = network(batch.warped.to(device: device), pretrain: pretrain)
        if pretrain { return XSegLoss.pretraining(prediction: mask, target: batch.target!.to(device: device)) }
        return XSegLoss.labelled(logits: logits, mask: batch.mask!.to(device: device))
    }

    public func train(_ batches: [TrainingBatch]) throws -> [Float] {
        network.zeroGrad()
        let loss = losses(batches[0])
        try optimizer.backward(loss.sum())
        try optimizer.step()
        return [loss.mean().floats()[0]]
    }

    public var memoryFootprint: (weights: Int, optimizerState: Int) {
        (network.parameterCount, optimizer.stateElementCount)
    }

    public func blankBatches(count: Int) -> [TrainingBatch] {
        let side = network.resolution
        let face = Tensor.full([count, 3, side, side], 0.5), single = Tensor.full([count, 1, side, side], 1)
        return [pretrain ? TrainingBatch(warped: face, target: single) : TrainingBatch(warped: face, mask: single)]
    }

    public func trainingForward(_ batches: [TrainingBatch]) {
        _ = losses(batches[0])
    }

    /// DFL's XSeg previews for up to min(4, batch, 800/R) faces per row block, side by side in
    /// one image: "XSeg training faces" (the augmented face with its label, the predicted mask,
    /// the face with the predicted mask), "XSeg src faces" and "XSeg dst faces" (the face, the
    /// predicted mask, the face with it). A mask is shown on a face as DFL does: inside as is,
    /// outside half face, half green. While pretraining: the face and the network's grey redraw.
    public func preview(_ batches: [TrainingBatch]) throws -> [[Image]] {
        let count = min(4, batches[0].warped.shape[0], max(1, 800 / network.resolution))
        let predicted = try batches.map { batch in try masks(of: batch.warped.slice(0, 0, min(count, batch.warped.shape[0]))) }
        let faces = try batches.map { batch in try (0..<min(count, batch.warped.shape[0])).map { try Image(tensor: batch.warped.slice(0, $0, $0 + 1)) } }
        if pretrain { return (0..<faces[0].count).map { [faces[0][$0], Self.gray(predicted[0][$0])] } }
        let labels = try (0..<faces[0].count).map { try Image(tensor: batches[0].mask!.slice(0, $0, $0 + 1)) }
        return (0..<faces[0].count).map { i in
            var row = [Self.overlay(faces[0][i], mask: labels[i]), Self.gray(predicted[0][i]), Self.overlay(faces[0][i], mask: predicted[0][i])]
            for stream in 1..<batches.count where i < faces[stream].count {
                row += [faces[stream][i], Self.gray(predicted[stream][i]), Self.overlay(faces[stream][i], mask: predicted[stream][i])]
            }
            return row
        }
    }

    /// The network's sigmoid output for `faces`, one mask image per face, clipped to 0…1.
    private func masks(of faces: Tensor) throws -> [Image] {
        let output = withoutGradients { network(faces.to(device: device), pretrain: pretrain).mask }.clamped(0, 1).to(device: .cpu)
        return try (0..<output.shape[0]).map { try Image(tensor: output.slice(0, $0, $0 + 1)) }
    }

    /// A one-channel image as three grey channels.
    static func gray(_ mask: Image) -> Image { mask.converted(.grayToBgr) }

    /// DFL's overlay: `face·M + 0.5·face·(1 − M) + 0.5·green·(1 − M)`, values clipped to 0…1.
    static func overlay(_ face: Image, mask: Image) -> Image {
        let f = face.pixels(as: Float.self), m = mask.pixels(as: Float.self)
        var values = [Float](repeating: 0, count: f.count)
        for i in 0..<f.count {
            let inside = min(max(m[i / 3], 0), 1), value = min(max(f[i], 0), 1)
            let green: Float = i % 3 == 1 ? 1 : 0
            values[i] = value * inside + 0.5 * value * (1 - inside) + 0.5 * green * (1 - inside)
        }
        return Image(width: face.width, height: face.height, channels: 3, pixels: values)
    }

    public func save(to folder: URL, state: TrainingState) throws {
        try Checkpoint.save(model: network, optimizer: optimizer, state: state, to: folder)
    }

    public func restore(from folder: URL) throws -> TrainingState {
        try load(from: folder)
    }

    public func broadcastState(from root: Int, over group: ProcessGroup) throws {
        try group.broadcast(modules: [network], optimizers: [optimizer], from: root)
    }

    /// DFL's XSeg has no safer setting (it never clips gradients): nothing to turn on.
    public func makeSafer() -> String? { nil }

    /// Loads a save into this model; returns its state. Throws when the save belongs to another
    /// kind of model or its weights do not fit this network.
    public func load(from folder: URL) throws -> TrainingState {
        let state = try Checkpoint.load(TrainingState.self, into: network, optimizer: optimizer, from: folder)
        guard state.kind == kind else {
            throw TrainingError("\(folder.path) holds a \(state.kind) model, not XSeg: give an XSeg model's folder with --model-dir")
        }
        return state
    }
}
