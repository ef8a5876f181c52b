import FaceAnalysis
import Foundation
import Imaging
import Testing
import TestSupport

@Suite struct DlibShapePredictorTests {
    /// The largest and mean distance, in pixels, between our points rounded as dlib rounds them
    /// and dlib's.
    static func distances(_ ours: [SIMD2<Float>], _ dlib: [SIMD2<Float>]) -> (max: Float, mean: Float) {
        let each = zip(ours, dlib).map { pair in
            let rounded = (pair.0 + 0.5).rounded(.down)
            return ((rounded - pair.1) * (rounded - pair.1)).sum().squareRoot()
        }
        return (each.max() ?? 0, each.reduce(0, +) / Float(max(each.count, 1)))
    }

    @Test func copiesOfThePortraitsEqualTheScriptsCopies() throws {
        for variant in (try DlibFixtures.variants()) {
            let image = try DlibFixtures.image(of: variant)
            #expect(image.width == variant.width && image.height == variant.height, "\(variant.name)")
            #expect(try DlibFixtures.sha256(of: image) == variant.bgr_sha256, "\(variant.name)")
        }
    }

    @Test func readsTheModelsLayout() throws {
        let predictor68 = try DlibFixtures.predictor68.get()
        #expect(predictor68.partCount == 68)
        #expect(predictor68.cascadeCount == 15)
        #expect(predictor68.treesPerCascade == 500)
        let predictor5 = try DlibFixtures.predictor5.get()
        #expect(predictor5.partCount == 5)
        for point in predictor68.meanShape + predictor5.meanShape {
            #expect(point.x > -0.5 && point.x < 1.5 && point.y > -0.5 && point.y < 1.5)
        }
    }

    /// Measured: every point equals dlib's once rounded as dlib rounds (0 px on all 9 copies).
    @Test func sixtyEightPointsMatchDlibOnTheSameBoxes() throws {
        let predictor = try DlibFixtures.predictor68.get()
        for variant in (try DlibFixtures.variants()) {
            let image = try DlibFixtures.image(of: variant)
            let points = predictor.landmarks(in: image, box: variant.rectangle)
            #expect(points.count == 68)
            let (largest, mean) = Self.distances(points, variant.points68)
            #expect(largest <= 1, "\(variant.name): largest distance \(largest) px")
            #expect(mean <= 0.1, "\(variant.name): mean distance \(mean) px")
        }
    }

    /// Measured: every point equals dlib's once rounded (0 px).
    @Test func fivePointsMatchDlibOnTheSameBoxes() throws {
        let predictor = try DlibFixtures.predictor5.get()
        for variant in (try DlibFixtures.variants()) {
            let image = try DlibFixtures.image(of: variant)
            let points = predictor.landmarks(in: image, box: variant.rectangle)
            #expect(points.count == 5)
            let (largest, mean) = Self.distances(points, variant.points5)
            #expect(largest <= 1, "\(variant.name): largest distance \(largest) px")
            #expect(mean <= 0.1, "\(variant.name): mean distance \(mean) px")
        }
    }
}
