import Foundation
import Imaging
import Inference
import Tensors

/// Computes identity embeddings the way dlib's `face_recognition_model_v1` does: a 150 × 150
/// chip aligned on the face's landmarks with padding 0.25 (`FaceChipDetails`), then dlib's
/// face recognition ResNet on Masque's tensor engine. Landmarks are dlib's 5 points (from the
/// 5-point `DlibShapePredictor`, as dlib itself does) or the 68 iBUG points of any landmarker.
public struct FaceEmbedder: Sendable {
    /// Chip side in pixels.
    public static let chipSize = 150
    /// Padding around the mean face in the chip, as a fraction of its size.
    public static let chipPadding = 0.25

    private let network: FaceRecognitionNetwork

    /// The device the network runs on.
    public var device: Device { network.device }

    /// Reads `dlib_face_recognition_resnet_model_v1.dat` and puts it on `device`; a truncated or
    /// different file throws a one-line `DlibFormatError` naming it.
    public init(contentsOf url: URL, device: Device = .cpu) throws(DlibFormatError) {
        let dlibNetwork = try DlibNetwork(contentsOf: url, architecture: .faceRecognitionResNetV1)
        network = try FaceRecognitionNetwork(dlibNetwork, file: url, inputSize: Self.chipSize, device: device)
        guard network.outputDimension == FaceEmbedding.dimension else {
            throw DlibFormatError(file: url, reason: "the network gives \(network.outputDimension) values, not \(FaceEmbedding.dimension)")
        }
    }

    /// The aligned chip of a face with 5 (dlib) or 68 (iBUG) landmarks in `frame` pixels.
    public func chip(in frame: Image, landmarks: [SIMD2<Float>]) throws(FaceIdentityError) -> Image {
        frame.faceChip(try FaceChipDetails(landmarks: landmarks, size: Self.chipSize, padding: Self.chipPadding))
    }

    /// The embedding of the face with `landmarks` (5 dlib or 68 iBUG points, frame pixels).
    public func embedding(in frame: Image, landmarks: [SIMD2<Float>]) throws(FaceIdentityError) -> FaceEmbedding {
        try embeddings(in: frame, faces: [landmarks])[0]
    }

    /// The embeddings of several faces of one frame, computed as one batch.
    public func embeddings(in frame: Image, faces: [[SIMD2<Float>]]) throws(FaceIdentityError) -> [FaceEmbedding] {
        var chips: [Image] = []
        for landmarks in faces { chips.append(try chip(in: frame, landmarks: landmarks)) }
        return try embeddings(ofChips: chips)
    }

    /// The embeddings of chips already aligned as `chip(in:landmarks:)` aligns them
    /// (150 × 150 BGR `uint8`).
    public func embeddings(ofChips chips: [Image]) throws(FaceIdentityError) -> [FaceEmbedding] {
        guard !chips.isEmpty else { return [] }
        for chip in chips where chip.width != Self.chipSize || chip.height != Self.chipSize || chip.channels != 3 || chip.format != .uint8 {
            throw FaceIdentityError("a face chip must be \(Self.chipSize)×\(Self.chipSize) BGR uint8, got \(chip.width)×\(chip.height)×\(chip.channels) \(chip.format)")
        }
        let output = network.forward(network.input(chips)).to(.float32, device: .cpu).contiguous().floats()
        let dimension = FaceEmbedding.dimension
        return (0..<chips.count).map { FaceEmbedding(Array(output[$0 * dimension..<($0 + 1) * dimension])) }
    }
}
