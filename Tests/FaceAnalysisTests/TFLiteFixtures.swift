import FaceAnalysis
import Foundation
import Imaging
import Tensors
import TestSupport

/// The portraits, their variants and the reference results written by
/// `Tests/Reference/make_tflite_fixtures.py`, and the pinned MediaPipe models (fetched into the
/// model cache on first use).
enum TFLiteFixtures {
    /// Frames the fixtures were made on: a portrait warped by a stored matrix.
    static let variants = [
        "astronaut", "grace_hopper", "astronaut_rotated", "astronaut_wide", "grace_hopper_rotated",
        "grace_hopper_scaled", "grace_hopper_flipped",
    ]

    /// The portrait a variant is made from.
    static func portraitName(of variant: String) -> String {
        variant.hasPrefix("astronaut") ? "astronaut" : "grace_hopper"
    }

    static func portrait(_ name: String) throws -> Image {
        try Image(contentsOf: ReferenceFixtures.url(name == "astronaut" ? "portraits/astronaut.png" : "portraits/grace_hopper.jpg"),
                  mode: .color)
    }

    /// The variant's matrix: portrait pixel → frame pixel.
    static func variantTransform(_ variant: String) throws -> (transform: AffineMatrix, width: Int, height: Int) {
        let values = try array("\(variant)_frame").doubles()
        return (AffineMatrix(elements: Array(values[0..<6])), Int(values[6]), Int(values[7]))
    }

    /// The frame of a variant, made as the fixture script made it (`cv2.warpAffine`, bilinear, zeros outside).
    static func frame(_ variant: String) throws -> Image {
        let (transform, width, height) = try variantTransform(variant)
        return try portrait(portraitName(of: variant)).warpedAffine(transform, width: width, height: height)
    }

    static func array(_ name: String) throws -> NumpyArray {
        try NumpyArray(reference: "tflite/\(name).npy")
    }

    /// `count` points from consecutive x, y values starting at `column`.
    static func points(_ values: [Double], from column: Int, count: Int) -> [SIMD2<Float>] {
        (0..<count).map { SIMD2(Float(values[column + 2 * $0]), Float(values[column + 2 * $0 + 1])) }
    }

    /// A float32 tensor [1, H, W, 3] in RGB from a stored network input (a BGR PNG), values
    /// mapped from 0…1 to `low`…1, as MediaPipe's networks take them.
    static func networkInput(_ name: String, low: Float) throws -> Tensor {
        let image = try Image(contentsOf: ReferenceFixtures.url("tflite/\(name).png"), mode: .color)
        let unit = try image.tensor(layout: .hwc).flipped([2])
        return (low == 0 ? unit : unit * Double(1 - low) + Double(low)).unsqueezed(0).contiguous()
    }

    static func model(_ asset: ModelAsset) throws -> URL {
        try ModelFetcher(store: .standard()).fetch(asset)
    }

    static let shortRange = Result { try BlazeFaceDetector(modelFile: model(ModelCatalog.blazeFaceShortRange)) }
    static let fullRange = Result {
        try BlazeFaceDetector(modelFile: model(ModelCatalog.blazeFaceFullRange), model: .fullRange)
    }
    /// FaceMesh as Masque runs it by default (one refining pass).
    static let faceMesh = Result { try FaceMeshLandmarker(modelFile: model(ModelCatalog.faceMesh)) }
    /// FaceMesh on the detection's region only.
    static let singlePassFaceMesh = Result {
        try FaceMeshLandmarker(modelFile: model(ModelCatalog.faceMesh), refinementPasses: 0)
    }

    /// The first (reference) detection of a variant.
    static func detection(_ variant: String) throws -> FaceDetection {
        let row = try array("\(variant)_detections").doubles()
        return FaceDetection(left: Float(row[0]), top: Float(row[1]), right: Float(row[2]), bottom: Float(row[3]),
                             score: Float(row[4]), keypoints: points(row, from: 5, count: 6))
    }

    /// A stored mesh (468 × x, y, z).
    static func mesh(_ name: String) throws -> [SIMD3<Float>] {
        let values = try array(name).values(as: Float.self)
        return (0..<FaceMesh.vertexCount).map { SIMD3(values[3 * $0], values[3 * $0 + 1], values[3 * $0 + 2]) }
    }

    /// Stored 68 points.
    static func landmarks68(_ name: String) throws -> [SIMD2<Float>] {
        let values = try array(name).values(as: Float.self)
        return (0..<68).map { SIMD2(values[2 * $0], values[2 * $0 + 1]) }
    }

    /// Largest distance and mean distance between corresponding points.
    static func distances(_ a: [SIMD2<Float>], _ b: [SIMD2<Float>]) -> (max: Float, mean: Float) {
        precondition(a.count == b.count && !a.isEmpty)
        let each = zip(a, b).map { (($0 - $1) * ($0 - $1)).sum().squareRoot() }
        return (each.max()!, each.reduce(0, +) / Float(each.count))
    }
}
