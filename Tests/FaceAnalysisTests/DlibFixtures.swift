import FaceAnalysis
import Foundation
import Imaging
import Inference
import TestSupport

/// The dlib reference results written by `Tests/Reference/make_dlib_fixtures.py`, the copies of
/// the portraits they were computed on, and the dlib models (loaded once per test process).
enum DlibFixtures {
    struct Variant: Decodable, Sendable {
        let name: String
        let portrait: String
        let person: String
        let kind: String
        let parameter: Double?
        let matrix: [Double]?
        let width: Int
        let height: Int
        let bgr_sha256: String
        let box: [Int]
        let landmarks68: [[Int]]
        let landmarks5: [[Int]]
        let chip_rect: [Double]
        let chip_angle: Double
        let chip: String
        let descriptor: [Float]

        var rectangle: DlibRectangle { DlibRectangle(left: box[0], top: box[1], right: box[2], bottom: box[3]) }
        var points68: [SIMD2<Float>] { landmarks68.map { SIMD2(Float($0[0]), Float($0[1])) } }
        var points5: [SIMD2<Float>] { landmarks5.map { SIMD2(Float($0[0]), Float($0[1])) } }
    }

    private struct File: Decodable {
        let variants: [Variant]
    }

    private static let loaded = Result<[Variant], any Error> {
        let data = try Data(contentsOf: ReferenceFixtures.url("dlib/fixtures.json"))
        return try JSONDecoder().decode(File.self, from: data).variants
    }

    /// The variants of fixtures.json; a missing or broken file fails each test that reads it.
    static func variants() throws -> [Variant] {
        do {
            return try loaded.get()
        } catch {
            throw FixtureError("cannot read Tests/Reference/dlib/fixtures.json (\(error)): run Tests/Reference/make_dlib_fixtures.py")
        }
    }

    /// The copy of a portrait the fixture was computed on, made the way the script made it.
    static func image(of variant: Variant) throws -> Image {
        let portrait = try Image(contentsOf: ReferenceFixtures.url("portraits/\(variant.portrait)"), mode: .color)
        switch variant.kind {
        case "identity":
            return portrait
        case "flip":
            return flippedHorizontally(portrait)
        case "rotate":
            guard let matrix = variant.matrix else { throw FixtureError("\(variant.name) has no matrix") }
            return portrait.warpedAffine(AffineMatrix(elements: matrix), width: portrait.width, height: portrait.height,
                                         interpolation: .linear, border: .constant(.zero))
        case "scale":
            return portrait.resized(width: variant.width, height: variant.height, interpolation: .linear)
        default:
            throw FixtureError("unknown variant kind \(variant.kind)")
        }
    }

    /// SHA-256 of an image's packed BGR bytes, to check a copy equals the script's.
    static func sha256(of image: Image) throws -> String {
        let folder = try TemporaryDirectory("masque-dlib")
        let file = folder.file("pixels.bin")
        try image.withUnsafeBytes { Data($0) }.write(to: file)
        return try ModelStore.sha256(of: file)
    }

    static func flippedHorizontally(_ image: Image) -> Image {
        var pixels = image.pixels(as: UInt8.self)
        let (width, channels) = (image.width, image.channels)
        for y in 0..<image.height {
            for x in 0..<width / 2 {
                for c in 0..<channels {
                    pixels.swapAt((y * width + x) * channels + c, (y * width + width - 1 - x) * channels + c)
                }
            }
        }
        return Image(width: width, height: image.height, channels: channels, pixels: pixels)
    }

    static func modelFile(_ asset: ModelAsset) throws -> URL {
        try ModelFetcher(store: .standard()).fetch(asset)
    }

    static let predictor68: Result<DlibShapePredictor, any Error> = Result {
        try DlibShapePredictor(contentsOf: modelFile(ModelCatalog.dlibLandmarks68))
    }

    static let predictor5: Result<DlibShapePredictor, any Error> = Result {
        try DlibShapePredictor(contentsOf: modelFile(ModelCatalog.dlibLandmarks5))
    }

    static let embedder: Result<FaceEmbedder, any Error> = Result {
        try FaceEmbedder(contentsOf: modelFile(ModelCatalog.dlibFaceEmbedding))
    }

    /// dlib's chip of a variant (stored BGR).
    static func chip(of variant: Variant) throws -> Image {
        try Image(contentsOf: ReferenceFixtures.url("dlib/\(variant.chip)"), mode: .color)
    }
}
