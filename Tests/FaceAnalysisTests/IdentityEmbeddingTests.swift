import FaceAnalysis
import Foundation
import Imaging
@testable import Inference
import Testing
import TestSupport

@Suite struct IdentityEmbeddingTests {
    @Test func chipDetailsMatchDlib() throws {
        for variant in (try DlibFixtures.variants()) {
            let details = try FaceChipDetails(landmarks: variant.points5, size: 150, padding: 0.25)
            let rect = [details.left, details.top, details.right, details.bottom]
            for (ours, theirs) in zip(rect, variant.chip_rect) {
                #expect(abs(ours - theirs) < 1e-6, "\(variant.name): rect \(rect) vs \(variant.chip_rect)")
            }
            #expect(abs(details.angle - variant.chip_angle) < 1e-9, "\(variant.name): angle \(details.angle) vs \(variant.chip_angle)")
        }
    }

    /// Tolerance: at most 1 grey level, on under 0.1 % of the values (measured: identical,
    /// including the 2.2× copy whose chip comes from dlib's image pyramid).
    @Test func chipsMatchDlib() throws {
        for variant in (try DlibFixtures.variants()) {
            let image = try DlibFixtures.image(of: variant)
            let chip = image.faceChip(try FaceChipDetails(landmarks: variant.points5))
            let reference = try DlibFixtures.chip(of: variant)
            let ours = chip.pixels(as: UInt8.self), theirs = reference.pixels(as: UInt8.self)
            #expect(ours.count == theirs.count)
            let differences = zip(ours, theirs).map { abs(Int($0) - Int($1)) }
            let largest = differences.max() ?? 0
            let differing = Double(differences.filter { $0 != 0 }.count) / Double(differences.count)
            #expect(largest <= 1, "\(variant.name): largest difference \(largest)")
            #expect(differing < 0.001, "\(variant.name): \(differing * 100) % of values differ")
        }
    }

    /// The network alone, on dlib's own chips: Euclidean distance < 1e-4 (measured ≤ 1.1e-6).
    @Test func embeddingsOfDlibsChipsMatchDlib() throws {
        let embedder = try DlibFixtures.embedder.get()
        let variants = (try DlibFixtures.variants())
        let embeddings = try embedder.embeddings(ofChips: variants.map(DlibFixtures.chip(of:)))
        for (variant, embedding) in zip(variants, embeddings) {
            let distance = embedding.distance(to: FaceEmbedding(variant.descriptor))
            #expect(distance < 1e-4, "\(variant.name): distance \(distance) to dlib's descriptor")
        }
    }

    /// Chip and network from dlib's 5 points: distance < 0.01 (measured ≤ 1e-6).
    @Test func embeddingsFromDlibsLandmarksMatchDlib() throws {
        let embedder = try DlibFixtures.embedder.get()
        for variant in (try DlibFixtures.variants()) {
            let image = try DlibFixtures.image(of: variant)
            let embedding = try embedder.embedding(in: image, landmarks: variant.points5)
            let distance = embedding.distance(to: FaceEmbedding(variant.descriptor))
            #expect(distance < 0.01, "\(variant.name): distance \(distance) to dlib's descriptor")
        }
    }

    /// Masque's whole path — its 5-point predictor on the HOG box, its chip, its network — keeps
    /// each person's copies (flipped, rotated, scaled) within dlib's 0.6 and the two people apart.
    @Test func samePersonWithinThresholdAndTwoPeopleApart() throws {
        let embedder = try DlibFixtures.embedder.get()
        let predictor = try DlibFixtures.predictor5.get()
        var embeddings: [(person: String, name: String, embedding: FaceEmbedding)] = []
        for variant in (try DlibFixtures.variants()) {
            let image = try DlibFixtures.image(of: variant)
            let points = predictor.landmarks(in: image, box: variant.rectangle)
            embeddings.append((variant.person, variant.name, try embedder.embedding(in: image, landmarks: points)))
        }
        #expect(Set(embeddings.map(\.person)).count == 2)
        for a in embeddings {
            for b in embeddings where a.name < b.name {
                let distance = a.embedding.distance(to: b.embedding)
                if a.person == b.person {
                    #expect(a.embedding.isSamePerson(as: b.embedding), "\(a.name)–\(b.name): \(distance)")
                } else {
                    #expect(!a.embedding.isSamePerson(as: b.embedding), "\(a.name)–\(b.name): \(distance)")
                }
            }
        }
    }

    /// Chips aligned on the 68 iBUG points (dlib's 68-point path) describe the same person as
    /// chips aligned on the 5 points.
    @Test func sixtyEightPointAlignmentAgreesWithFivePointAlignment() throws {
        let embedder = try DlibFixtures.embedder.get()
        for variant in (try DlibFixtures.variants()).prefix(2) + (try DlibFixtures.variants()).suffix(2) {
            let image = try DlibFixtures.image(of: variant)
            let batch = try embedder.embeddings(in: image, faces: [variant.points5, variant.points68])
            let single = try embedder.embedding(in: image, landmarks: variant.points68)
            #expect(batch[1].distance(to: single) < 1e-4, "\(variant.name): batch and single differ")
            #expect(batch[0].distance(to: batch[1]) < 0.3, "\(variant.name): \(batch[0].distance(to: batch[1]))")
        }
    }

    @Test func wrongLandmarkCountsAndChipSizesAreRefused() throws {
        let embedder = try DlibFixtures.embedder.get()
        let image = Image(width: 64, height: 64, channels: 3, format: .uint8)
        #expect(throws: FaceIdentityError.self) { try embedder.embedding(in: image, landmarks: [SIMD2(1, 2), SIMD2(3, 4)]) }
        #expect(throws: FaceIdentityError.self) { try embedder.embeddings(ofChips: [image]) }
        let notFinite = [SIMD2<Float>](repeating: SIMD2(.nan, 1), count: 5)
        #expect(throws: FaceIdentityError.self) { try embedder.embedding(in: image, landmarks: notFinite) }
        let offFrame = image.faceChip(FaceChipDetails(left: 1e6, top: 1e6, right: 1e6 + 99, bottom: 1e6 + 99, angle: 0.1, size: 150))
        #expect(offFrame.pixels(as: UInt8.self).allSatisfy { $0 == 0 })
    }

    @Test func embeddingDistanceIsEuclidean() {
        var values = [Float](repeating: 0, count: 128)
        let origin = FaceEmbedding(values)
        values[3] = 0.3
        values[100] = -0.4
        let other = FaceEmbedding(values)
        #expect(abs(origin.distance(to: other) - 0.5) < 1e-6)
        #expect(origin.isSamePerson(as: other))
        #expect(!origin.isSamePerson(as: other, threshold: 0.5))
    }
}
