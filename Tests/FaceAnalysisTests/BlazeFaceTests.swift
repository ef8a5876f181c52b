import FaceAnalysis
import Foundation
import Imaging
import Inference
import Tensors
import Testing
import TestSupport

/// BlazeFace against LiteRT's reference interpreter and the fixture script's decoding.
@Suite struct BlazeFaceTests {
    /// Raw outputs on the exact inputs the interpreter saw: regressors (input pixels, up to ~130)
    /// and score logits within 1e-3 (measured on the CPU: 8e-5 and 3e-4).
    @Test(arguments: [("astronaut", ""), ("grace_hopper", ""), ("astronaut", "_full")])
    func rawOutputsMatchTheInterpreter(_ portrait: String, _ suffix: String) throws {
        let asset = suffix.isEmpty ? ModelCatalog.blazeFaceShortRange : ModelCatalog.blazeFaceFullRange
        let interpreter = try TFLiteInterpreter(contentsOf: TFLiteFixtures.model(asset))
        let input = try TFLiteFixtures.networkInput("\(portrait)_blazeface\(suffix)_input", low: -1)
        let outputs = try interpreter.run([input])
        let regressors = try TFLiteFixtures.array("\(portrait)_blazeface\(suffix)_regressors")
        let logits = try TFLiteFixtures.array("\(portrait)_blazeface\(suffix)_classificators")
        #expect(outputs[0].shape == regressors.shape && outputs[1].shape == logits.shape)
        let boxError = maxAbsDifference(outputs[0].floats(), regressors.values(as: Float.self))
        let scoreError = maxAbsDifference(outputs[1].floats(), logits.values(as: Float.self))
        #expect(boxError <= 1e-3)
        #expect(scoreError <= 1e-3)
    }

    /// The letterbox samples the frame as the script's `cv2.warpAffine` did (within one level).
    @Test(arguments: ["astronaut", "grace_hopper"])
    func letterboxMatchesTheReferenceInput(_ portrait: String) throws {
        let frame = try TFLiteFixtures.portrait(portrait)
        let letterbox = BlazeFaceDetector.inputToFrame(width: frame.width, height: frame.height, inputSize: 128)
        let ours = frame.warpedAffine(letterbox, width: 128, height: 128, inverse: true)
        let reference = try Image(contentsOf: ReferenceFixtures.url("tflite/\(portrait)_blazeface_input.png"), mode: .color)
        let difference = zip(ours.pixels(as: UInt8.self), reference.pixels(as: UInt8.self))
            .map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(difference <= 1)
    }

    /// One face per portrait variant, short and full range; box corners and keypoints within
    /// 0.5 px of the reference (measured: under 1e-4 px), scores within 0.01.
    @Test(arguments: TFLiteFixtures.variants)
    func findsTheFaceWhereTheReferenceDoes(_ variant: String) throws {
        let frame = try TFLiteFixtures.frame(variant)
        for (detector, suffix) in [(try TFLiteFixtures.shortRange.get(), ""), (try TFLiteFixtures.fullRange.get(), "_full")] {
            let reference = try TFLiteFixtures.array("\(variant)_detections\(suffix)")
            let faces = try detector.detect(in: frame)
            try #require(reference.shape == [1, 17], "\(variant)\(suffix)")
            try #require(faces.count == 1, "\(variant)\(suffix): \(faces.count) faces")
            let expected = reference.doubles()
            let face = faces[0]
            let corners = [SIMD2(face.left, face.top), SIMD2(face.right, face.bottom)]
            let box = TFLiteFixtures.distances(corners, TFLiteFixtures.points(expected, from: 0, count: 2))
            let keypoints = TFLiteFixtures.distances(face.keypoints, TFLiteFixtures.points(expected, from: 5, count: 6))
            #expect(box.max <= 0.5, "\(variant)\(suffix)")
            #expect(keypoints.max <= 0.5, "\(variant)\(suffix)")
            #expect(abs(Double(face.score) - expected[4]) <= 0.01)
        }
    }

    @Test func findsNoFaceInAFrameWithoutOne() throws {
        let detector = try TFLiteFixtures.shortRange.get()
        var generator = SeededGenerator(seed: 3)
        let noise = Image(width: 320, height: 240, channels: 3,
                          pixels: (0..<(320 * 240 * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect(try detector.detect(in: noise).isEmpty)
        #expect(try detector.detect(in: Image(width: 64, height: 200, channels: 3, repeating: UInt8(128))).isEmpty)
    }

    @Test func treatsBGRAAndBGRFramesAlike() throws {
        let detector = try TFLiteFixtures.shortRange.get()
        let frame = try TFLiteFixtures.portrait("grace_hopper")
        let bgr = frame.pixels(as: UInt8.self)
        var bgra: [UInt8] = []
        for pixel in 0..<(frame.width * frame.height) { bgra += bgr[(3 * pixel)..<(3 * pixel + 3)] + [255] }
        let withAlpha = Image(width: frame.width, height: frame.height, channels: 4, pixels: bgra)
        #expect(try detector.detect(in: withAlpha) == detector.detect(in: frame))
    }

    @Test func refusesAModelThatIsNotBlazeFace() throws {
        let url = try TFLiteFixtures.model(ModelCatalog.faceMesh)
        let error = try #require(throws: TFLiteError.self) { try BlazeFaceDetector(modelFile: url) }
        #expect(error.description.contains(url.path) && error.description.contains("not a BlazeFace"))
    }
}
