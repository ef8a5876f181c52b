import DFLFormats
import Foundation
import Imaging
import Inference
import NN
import Tensors

/// DFL's default face detector, S3FD (`facelib/S3FDExtractor.py`, reference §2.2), running
/// DeepFaceLab's own `S3FD.npy` on Masque's engine.
///
/// The frame is scaled so its longer side is half its size (640 from 1280 up, at least 64),
/// flipped to RGB, run through the network, and the boxes decoded, suppressed (overlap 0.3),
/// kept from probability 0.5, scaled back, filtered (sides ≥ 40 px), extended by 10 % at the
/// bottom for the chin, truncated to whole pixels and sorted by area. Rotated retries and the
/// 128-pixel minimum frame size are the extraction pipeline's job.
public struct S3FDDetector: FaceDetector {
    let network: S3FDNetwork
    /// Where the network runs.
    public let device: Device

    /// The network input for a frame: RGB float32 NCHW 0…255, and the frame/input size ratio.
    struct NetworkInput {
        let image: Tensor
        let scale: Double
    }

    /// A detector with the weights of `weights` (DFL's `S3FD.npy`) on `device`.
    public init(weights: DFLWeightFile, device: Device = .cpu) throws {
        let network = S3FDNetwork()
        try DFLWeightLoader.load(weights, into: network, network: "S3FD")
        try network.move(to: device)
        self.network = network
        self.device = device
    }

    /// A detector reading DFL's `S3FD.npy` at `url`.
    /// S3FD with the weights of a user's DFL installation (`S3FD.npy`).
    public init(dflModels: DFLModelFolder, device: Device = .cpu) throws {
        try self.init(contentsOf: try dflModels.file(for: .s3fd), device: device)
    }

    public init(contentsOf url: URL, device: Device = .cpu) throws {
        try self.init(weights: try DFLWeightFile(contentsOf: url), device: device)
    }

    /// Faces in a BGR frame, frame pixels (whole numbers), largest first. `score` is the face
    /// probability; the box's bottom already includes DFL's chin extension.
    public func detect(in frame: Image) throws -> [FaceDetection] {
        guard let input = try networkInput(for: frame) else { return [] }
        return S3FDDecoder.faces(sourceMaps(input.image), inputScale: input.scale)
    }

    /// DFL's pre-processing; nil when the scaled frame is too small for the network's five
    /// poolings (a side under 32 pixels).
    func networkInput(for frame: Image) throws -> NetworkInput? {
        let bgr = frame.bgr8()
        let (width, height) = (bgr.width, bgr.height)
        let longer = max(width, height)
        let target = max(64, longer >= 1280 ? 640 : Double(longer) / 2)
        let scale = Double(longer) / target
        let (inputWidth, inputHeight) = (Int(Double(width) / scale), Int(Double(height) / scale))
        guard min(inputWidth, inputHeight) >= 32 else { return nil }
        let resized = bgr.resized(width: inputWidth, height: inputHeight, interpolation: .linear)
        let pixels = try resized.withUnsafeBytes { bytes throws(TensorError) in
            try Tensor(host: bytes, shape: [inputHeight, inputWidth, 3], dtype: .uint8, device: device)
        }
        let rgb = pixels.to(.float32).flipped([2]).permuted([2, 0, 1]).unsqueezed(0).contiguous()
        return NetworkInput(image: rgb, scale: scale)
    }

    /// The network's six sources for one input, on the host.
    func sourceMaps(_ image: Tensor) -> [S3FDDecoder.SourceMap] {
        withoutGradients {
            network(image).map { source in
                let (height, width) = (source.location.shape[2], source.location.shape[3])
                return S3FDDecoder.SourceMap(width: width, height: height,
                                             faceScores: source.confidence.slice(1, 1, 2).floats(),
                                             offsets: source.location.floats())
            }
        }
    }
}
