import DFLFormats
import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Inference
import NN
import Tensors

/// DFL's landmarker, the face-alignment network FAN (`facelib/FANExtractor.py`, reference
/// §2.3), running DeepFaceLab's own `2DFAN.npy` (or `3DFAN.npy`, used for head extraction) on
/// Masque's engine.
///
/// The face box gives a square crop (side ≈ 200·(w + h)/195) resized to 256×256; the 68
/// heatmap peaks, refined by a quarter pixel, map back to the frame. With a second-pass
/// detector (DFL's "accurate landmarks", on by default in DFL with S3FD), the frame is then
/// aligned as a 256-pixel full face, the detector runs on it, and when it finds exactly one face
/// FAN runs again on five crops (centre and ±1 pixel diagonals) whose landmarks are averaged and
/// mapped back; otherwise, or on any failure, the first pass stands.
public struct FANLandmarker: FaceLandmarker {
    let network: FANNetwork
    /// Where the network runs.
    public let device: Device
    /// The detector of the second pass (DFL uses S3FD); nil skips the second pass.
    public let secondPassDetector: (any FaceDetector)?

    /// A landmarker with the weights of `weights` (DFL's `2DFAN.npy` or `3DFAN.npy`).
    public init(weights: DFLWeightFile, device: Device = .cpu, secondPassDetector: (any FaceDetector)?) throws {
        let network = FANNetwork()
        try DFLWeightLoader.load(weights, into: network, network: "FAN")
        try network.move(to: device)
        self.init(network: network, device: device, secondPassDetector: secondPassDetector)
    }

    /// A landmarker over a loaded network that lives on `device`.
    init(network: FANNetwork, device: Device, secondPassDetector: (any FaceDetector)?) {
        self.network = network
        self.device = device
        self.secondPassDetector = secondPassDetector
    }

    /// A landmarker reading DFL's `2DFAN.npy` or `3DFAN.npy` at `url`.
    /// FAN with the weights DFL uses for `faceType` from a user's DFL installation; with
    /// `accurate` (DFL's default) the second pass runs with the folder's S3FD.
    public init(dflModels: DFLModelFolder, faceType: FaceType, accurate: Bool = true, device: Device = .cpu) throws {
        let weights = try dflModels.file(for: DFLModelFolder.landmarkModel(for: faceType))
        let detector = accurate ? try S3FDDetector(dflModels: dflModels, device: device) : nil
        try self.init(contentsOf: weights, device: device, secondPassDetector: detector)
    }

    public init(contentsOf url: URL, device: Device = .cpu, secondPassDetector: (any FaceDetector)?) throws {
        try self.init(weights: try DFLWeightFile(contentsOf: url), device: device, secondPassDetector: secondPassDetector)
    }

    /// The 68 landmarks (frame pixels) of the face in `face`'s box.
    public func landmarks(in frame: Image, face: FaceDetection) throws -> [SIMD2<Float>] {
        let bgr = frame.bgr8()
        let box = FANCrop(left: Double(face.left), top: Double(face.top), right: Double(face.right), bottom: Double(face.bottom))
        guard let first = try predict(in: bgr, crop: box, multiSample: false) else {
            throw LandmarkingError("cannot place landmarks: the face box (\(face.left), \(face.top), \(face.right), \(face.bottom)) gives no crop inside the \(frame.width)x\(frame.height) frame, or one over \(FANCrop.largestSide) px; place the box on the face")
        }
        let points = secondPassDetector.flatMap { refine(first, in: bgr, detector: $0) } ?? first
        return points.map { SIMD2<Float>($0) }
    }

    /// The second pass, or nil when the detector does not find exactly one face or anything fails.
    func refine(_ points: [SIMD2<Double>], in frame: Image, detector: any FaceDetector) -> [SIMD2<Double>]? {
        let size = FANCrop.inputSize
        let toFace = FaceAlignment.transform(landmarks: points.map { SIMD2<Float>($0) }, size: size, faceType: .full)
        let face = frame.warpedAffine(toFace, width: size, height: size, interpolation: .linear)
        guard let boxes = try? detector.detect(in: face), boxes.count == 1 else { return nil }
        let box = boxes[0]
        let crop = FANCrop(left: Double(box.left), top: Double(box.top), right: Double(box.right), bottom: Double(box.bottom))
        guard let refined = try? predict(in: face, crop: crop, multiSample: true) else { return nil }
        let toFrame = toFace.inverted()
        return refined.map { toFrame.apply(to: $0) }
    }

    /// FAN on `crop` of `frame` (3-channel uint8 BGR): the landmarks in frame pixels, averaged
    /// over the five multi-sampling crops when asked; nil when a crop misses the frame.
    func predict(in frame: Image, crop: FANCrop, multiSample: Bool) throws -> [SIMD2<Double>]? {
        let offsets: [SIMD2<Double>] = multiSample ? [SIMD2(0, 0), SIMD2(-1, -1), SIMD2(1, -1), SIMD2(1, 1), SIMD2(-1, 1)] : [SIMD2(0, 0)]
        let crops = offsets.map { crop.shifted(by: $0) }
        var images: [Image] = []
        for crop in crops {
            guard let image = crop.image(from: frame) else { return nil }
            images.append(image)
        }
        let maps = try heatmaps(for: images)
        let (count, height, width) = (maps.shape[1], maps.shape[2], maps.shape[3])
        let values = maps.floats()
        let perCrop = count * height * width
        var sum = [SIMD2<Double>](repeating: .zero, count: count)
        for (index, crop) in crops.enumerated() {
            let peaks = FANHeatmapDecoder.peaks(Array(values[index * perCrop ..< (index + 1) * perCrop]),
                                               count: count, height: height, width: width)
            for (landmark, peak) in peaks.enumerated() {
                let point = crop.imagePoint(peak, resolution: Double(width))
                sum[landmark] = index == 0 ? point : sum[landmark] + point
            }
        }
        return sum.map { $0 / Double(crops.count) }
    }

    /// The last stack's heatmaps (N, 68, 64, 64) for 256×256 BGR uint8 crops.
    func heatmaps(for crops: [Image]) throws -> Tensor {
        let inputs = try crops.map { try $0.tensor(layout: .nchw, device: device).flipped([1]) }
        return withoutGradients { network(Tensor.cat(inputs, dim: 0)) }
    }
}
