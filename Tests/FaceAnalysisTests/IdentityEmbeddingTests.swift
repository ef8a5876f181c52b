import FaceAnalysis
import Foundation
import Imaging
import Testing
import TestSupport

@Suite struct IdentityEmbeddingTests {
    static func embedding(_ values: [Float]) -> FaceEmbedding { FaceEmbedding(values) }

    @Test func chipDetailsMatchDlib() throws {
        for variant in DlibFixtures.variants {
            let details = try FaceChipDetails(landmarks: variant.points5, size: 150, padding: 0.25)
            let rect = [details.left, details.top, details.right, details.bottom]
            for (ours, theirs) in zip(rect, variant.chip_rect) {
                #expect(abs(ours - theirs) < 1e-6, "\(variant.name): rect \(rect) vs \(variant.chip_rect)")
            }
            #expect(abs(details.angle - variant.chip_angle) < 1e-9, "\(variant.name): angle \(details.angle) vs \(variant.chip_angle)")
        }
    }

    @Test func chipsMatchDlib() throws {
        for variant in DlibFixtures.variants {
            let image = try DlibFixtures.image(of: variant)
            let chip = image.faceChip(try FaceChipDetails(landmarks: variant.points5))
            let reference = try DlibFixtures.chip(of: variant)
            let ours = chip.pixels(as: UInt8.self), theirs = reference.pixels(as: UInt8.self)
            #expect(ours.count == theirs.count)
            let differences = zip(ours, theirs).map { abs(Int($0) - Int($1)) }
            let largest = differences.max() ?? 0
            let differing = Double(differences.filter { $0 != 0 }.count) / Double(differences.count)
            print("DEBUGCHIP", variant.name, largest, differing)
            #expect(largest <= 1, "\(variant.name): largest difference \(largest)")
            #expect(differing < 0.001, "\(variant.name): \(differing * 100) % of values differ")
        }
    }

    @Test func embeddingsOfDlibsChipsMatchDlib() throws {
        let embedder = try DlibFixtures.embedder.get()
        let variants = DlibFixtures.variants
        let embeddings = try embedder.embeddings(ofChips: variants.map(DlibFixtures.chip(of:)))
        for (variant, embedding) in zip(variants, embeddings) {
            let distance = embedding.distance(to: FaceEmbedding(variant.descriptor))
            print("DEBUGNET", variant.name, distance)
            #expect(distance < 1e-4, "\(variant.name): distance \(distance) to dlib's descriptor")
        }
    }

    @Test func embeddingsFromDlibsLandmarksMatchDlib() throws {
        let embedder = try DlibFixtures.embedder.get()
        for variant in DlibFixtures.variants {
            let image = try DlibFixtures.image(of: variant)
            let embedding = try embedder.embedding(in: image, landmarks: variant.points5)
            let distance = embedding.distance(to: FaceEmbedding(variant.descriptor))
            print("DEBUGEMB", variant.name, distance)
            #expect(distance < 0.01, "\(variant.name): distance \(distance) to dlib's descriptor")
        }
    }
}
