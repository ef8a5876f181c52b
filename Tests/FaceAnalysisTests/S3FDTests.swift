@testable import FaceAnalysis
import Foundation
import Imaging
import Tensors
import Testing
import TestSupport

/// S3FD against Tests/Reference/make_dflmodel_fixtures.py: an independent float64 NumPy forward of
/// the same random weights, and DFL's decoding written from reference §2.2.
@Suite struct S3FDTests {
    let fixture: SafeTensors.Contents

    init() throws {
        fixture = try DFLTestModels.fixture()
    }

    /// The hand-made source maps of the fixture (sizes of a 160×128 input).
    func handMadeSources() -> [S3FDDecoder.SourceMap] {
        (0..<6).map { i in
            let face = fixture["decoder_face_\(i)"]!
            return S3FDDecoder.SourceMap(width: face.shape[1], height: face.shape[0], faceScores: face.floats(),
                                         offsets: fixture["decoder_loc_\(i)"]!.floats())
        }
    }

    @Test func decodingAndSuppressionEqualDFLs() {
        let refined = S3FDDecoder.refine(handMadeSources())
        let boxes = fixture.integers("decoder_refined")
        #expect(refined.count == boxes.count / 4)
        #expect(refined.count > 20, "the case exercises suppression and the 0.5 cut")
        #expect(refined.flatMap(\.box) == boxes)
        #expect(refined.map(\.score) == fixture.doubles("decoder_refined_scores"))
    }

    @Test func postProcessingEqualsDFLs() {
        let faces = S3FDDecoder.faces(handMadeSources(), inputScale: 2.5)
        let expected = fixture.integers("decoder_faces")
        #expect(faces.count == expected.count / 4)
        #expect(faces.flatMap { [Int($0.left), Int($0.top), Int($0.right), Int($0.bottom)] } == expected)
        #expect(faces.map { Double($0.score) } == fixture.doubles("decoder_faces_scores").map { Double(Float($0)) })
    }

    /// (0,0,9,9) and (5,0,14,9) overlap by 50/150 counting pixels inclusively (suppressed), but
    /// by 36/126 < 0.3 as plain areas.
    @Test func suppressionCountsPixelsInclusively() {
        let candidates = [S3FDDecoder.Candidate(left: 0, top: 0, right: 9, bottom: 9, score: 0.9),
                          S3FDDecoder.Candidate(left: 5, top: 0, right: 14, bottom: 9, score: 0.8),
                          S3FDDecoder.Candidate(left: 13, top: 0, right: 22, bottom: 9, score: 0.95)]
        #expect(S3FDDecoder.nonMaximumSuppression(candidates) == [2, 0])
        let tied = [S3FDDecoder.Candidate(left: 0, top: 0, right: 9, bottom: 9, score: 0.7),
                    S3FDDecoder.Candidate(left: 1, top: 0, right: 10, bottom: 9, score: 0.7)]
        #expect(S3FDDecoder.nonMaximumSuppression(tied) == [1])
    }

    /// A 16 px box at stride 4 and a 128 px box at stride 32 (cell (1, 0), centre (48, 16)),
    /// scaled by 1.3: the small one goes (< 40 px), the large one is truncated toward zero and
    /// its bottom extended by 10 % of its scaled height: (−20.8, −62.4, 145.6, 104 + 16.64).
    @Test func smallFacesAreDroppedAndTheChinIsAdded() {
        let empty = S3FDDecoder.SourceMap(width: 0, height: 0, faceScores: [], offsets: [])
        let small = S3FDDecoder.SourceMap(width: 1, height: 1, faceScores: [0.9], offsets: [0, 0, 0, 0])
        let large = S3FDDecoder.SourceMap(width: 2, height: 1, faceScores: [0.01, 0.6], offsets: [Float](repeating: 0, count: 8))
        let faces = S3FDDecoder.faces([small, empty, empty, large], inputScale: 1.3)
        #expect(faces == [FaceDetection(left: -20, top: -62, right: 145, bottom: 120, score: 0.6)])
    }

    @Test func preprocessingMatchesDFL() throws {
        let detector = try DFLTestModels.detector.get()
        let frame = try DFLTestModels.image("frame.png")
        let input = try #require(try detector.networkInput(for: frame))
        #expect(input.scale == 2)
        let expected = try DFLTestModels.image("s3fd_input.png")
        #expect(input.image.shape == [1, 3, expected.height, expected.width])
        let bgr = input.image.flipped([1]).squeezed(0).permuted([1, 2, 0]).contiguous().floats()
        #expect(maxAbsDifference(bgr, expected.pixels(as: UInt8.self).map(Float.init)) == 0)
        let narrow = Image(width: 100, height: 40, channels: 3, format: .uint8)
        #expect(try detector.networkInput(for: narrow) == nil, "a 64×25 input cannot pass five poolings")
    }

    /// Tolerances: face probabilities within 2e-5, box offsets within 1e-4 (float32 against
    /// float64; seen 1e-6 and 2e-6); decoded boxes within 1 px (a truncation may land on the
    /// other side of an integer; seen: all equal).
    @Test func forwardAndDetectionMatchTheNumpyReference() throws {
        let detector = try DFLTestModels.detector.get()
        let frame = try DFLTestModels.image("frame.png")
        let input = try #require(try detector.networkInput(for: frame))
        let sources = withoutGradients { detector.network(input.image) }
        var worst: (confidence: Float, location: Float) = (0, 0)
        for (i, source) in sources.enumerated() {
            let conf = fixture["s3fd_conf_\(i)"]!, loc = fixture["s3fd_loc_\(i)"]!
            try #require(source.confidence.shape == [1] + conf.shape && source.location.shape == [1] + loc.shape, "source \(i)")
            worst.confidence = max(worst.confidence, maxAbsDifference(source.confidence.floats(), conf.floats()))
            worst.location = max(worst.location, maxAbsDifference(source.location.floats(), loc.floats()))
        }
        #expect(sources.map { $0.location.shape[2] } == [32, 16, 8, 8, 4, 2], "fc6's padding 3 grows its map by 4")
        #expect(worst.confidence < 2e-5 && worst.location < 1e-4, "largest differences \(worst)")

        let faces = try detector.detect(in: frame)
        let expected = fixture.integers("s3fd_faces")
        try #require(faces.count == expected.count / 4)
        for (n, face) in faces.enumerated() {
            let box = [face.left, face.top, face.right, face.bottom].map(Int.init)
            let reference = Array(expected[n * 4 ..< n * 4 + 4])
            #expect(zip(box, reference).allSatisfy { abs($0 - $1) <= 1 }, "face \(n): \(box) vs \(reference)")
        }
        #expect(zip(faces, faces.dropFirst()).allSatisfy { $0.area >= $1.area })
    }
}
