@testable import FaceGeometry
import Foundation
import Imaging
import Tensors
import Testing
import TestSupport

/// Alignment against Tests/Reference/make_alignment_fixtures.py (numpy + OpenCV from DFL's formulas).
@Suite struct AlignmentTests {
    let fixture: SafeTensors.Contents
    let landmarkSets: [[SIMD2<Float>]]
    let exact: [Bool]

    init() throws {
        fixture = try ReferenceFixtures.tensors("alignment/alignment.safetensors")
        let values = fixture["landmarks"]!.floats()
        let count = fixture["landmarks"]!.shape[0]
        landmarkSets = (0..<count).map { n in (0..<68).map { i in SIMD2(values[(n * 68 + i) * 2], values[(n * 68 + i) * 2 + 1]) } }
        exact = fixture["exact"]!.toArray(of: UInt8.self).map { $0 != 0 }
    }

    @Test func umeyamaEqualsTheNumpyReference() {
        let expected = fixture["umeyama"]!.toArray(of: Double.self)
        for (n, landmarks) in landmarkSets.enumerated() {
            let source = AlignmentTemplate.landmarkIndices.map { SIMD2<Double>(landmarks[$0]) }
            let m = Umeyama.estimate(from: source, to: AlignmentTemplate.points.map(SIMD2<Double>.init))
            for (i, value) in m.joined().enumerated() {
                #expect(abs(value - expected[n * 9 + i]) < 1e-9 * max(1, abs(expected[n * 9 + i])), "set \(n) element \(i)")
            }
        }
    }

    @Test func umeyamaRecoversAKnownSimilarity() {
        let source: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(1, 0), SIMD2(0, 2), SIMD2(3, 1)]
        let (c, s) = (cos(0.3) * 2.5, sin(0.3) * 2.5)
        let destination = source.map { SIMD2(c * $0.x - s * $0.y + 4, s * $0.x + c * $0.y - 1) }
        let m = Umeyama.estimate(from: source, to: destination)
        #expect(abs(m[0][0] - c) < 1e-12 && abs(m[1][0] - s) < 1e-12)
        #expect(abs(m[0][2] - 4) < 1e-12 && abs(m[1][2] + 1) < 1e-12)
        let mirrored = source.map { SIMD2(-$0.x, $0.y) }
        let reflection = Umeyama.estimate(from: source, to: mirrored)
        #expect(Umeyama.determinant([[reflection[0][0], reflection[0][1]], [reflection[1][0], reflection[1][1]]]) > 0,
                "Umeyama is reflection-guarded")
    }

    /// Landmarks mapped into the 256-px aligned face, against cv2.transform with the
    /// reference's matrix (largest difference seen: 2.4e-4 px).
    static let landmarkPixelTolerance: Float = 2e-3

    @Test(arguments: [FaceType.half, .midFull, .full, .fullNoAlign, .wholeFace, .head, .headNoAlign])
    func transformMatchesDFLAndPutsLandmarksOnTheTemplate(faceType: FaceType) {
        let matrices = fixture[faceType.name]!.toArray(of: Double.self)
        let templatePixels = fixture["template_px_\(faceType.name)"]!.floats()
        let landmarkPixels = fixture["landmarks_px_\(faceType.name)"]!.toArray(of: Double.self)
        for (n, landmarks) in landmarkSets.enumerated() {
            let m = FaceAlignment.transform(landmarks: landmarks, size: 256, faceType: faceType)
            let expected = Array(matrices[n * 6 ..< n * 6 + 6])
            for (value, reference) in zip(m.elements, expected) {
                #expect(abs(value - reference) < AlignmentTolerance.matrix * max(1, abs(reference)),
                        "\(faceType.name) set \(n): \(m.elements) vs \(expected)")
            }
            let mapped = m.apply(to: landmarks)
            for (i, point) in mapped.enumerated() {
                let target = SIMD2(Float(landmarkPixels[(n * 68 + i) * 2]), Float(landmarkPixels[(n * 68 + i) * 2 + 1]))
                let distance = ((point - target) * (point - target)).sum().squareRoot()
                #expect(distance < Self.landmarkPixelTolerance, "\(faceType.name) set \(n) landmark \(i): \(distance) px from OpenCV's")
            }
            guard exact[n] else { continue }
            let aligned = m.apply(to: AlignmentTemplate.landmarkIndices.map { landmarks[$0] })
            for (i, point) in aligned.enumerated() {
                let target = SIMD2(templatePixels[(n * 33 + i) * 2], templatePixels[(n * 33 + i) * 2 + 1])
                let distance = ((point - target) * (point - target)).sum().squareRoot()
                #expect(distance < 1, "\(faceType.name) set \(n) point \(i): \(distance) px off the template")
            }
        }
    }

    @Test func halfFaceMapsTheTemplateOntoTheWholeOutput() {
        let landmarks = landmarkSets[0]
        let m = FaceAlignment.transform(landmarks: landmarks, size: 512, faceType: .half)
        let aligned = m.apply(to: AlignmentTemplate.landmarkIndices.map { landmarks[$0] })
        for (point, unit) in zip(aligned, AlignmentTemplate.points) {
            #expect(((point - unit * 512) * (point - unit * 512)).sum().squareRoot() < 1)
        }
    }

    @Test func cropSidesGrowWithPaddingAsInDFL() {
        let landmarks = landmarkSets[1]
        func side(_ type: FaceType) -> Float {
            let inverse = FaceAlignment.transform(landmarks: landmarks, size: 256, faceType: type).inverted()
            let corners = inverse.apply(to: [SIMD2<Float>(0, 0), SIMD2(256, 0)])
            return ((corners[1] - corners[0]) * (corners[1] - corners[0])).sum().squareRoot()
        }
        let half = side(.half)
        // Crop sides in units of the template square side (reference §2.4 table).
        for (type, ratio) in [(FaceType.midFull, 1.1909), (.full, 1.5966), (.wholeFace, 2.1314), (.head, 2.9799)] {
            #expect(abs(Double(side(type) / half) - ratio) < 2e-3, "\(type.name)")
        }
    }
}
