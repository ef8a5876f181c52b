@testable import FaceAnalysis
@testable import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Testing
import TestSupport

/// DFL's extraction rules (frame turns, the crop-size sanity check, re-extraction, manual faces,
/// face limits) with stand-in detectors and landmarkers, so that the rules alone are under test.
@Suite struct ExtractionRulesTests {
    /// Finds the faces it is given, or in `portraitOnly` mode one face, and only in frames taller
    /// than wide (as a detector that misses a face lying on its side).
    struct GivenFaces: FaceDetector {
        var faces: [FaceDetection]
        var portraitOnly = false

        func detect(in frame: Image) throws -> [FaceDetection] {
            guard portraitOnly else { return faces }
            return frame.height > frame.width ? [FaceDetection(left: 40, top: 60, right: 140, bottom: 160, score: 1)] : []
        }
    }

    /// DFL's mean face (the alignment template) laid over the box; the points the template does not
    /// hold sit at the box's centre.
    struct TemplateLandmarks: FaceLandmarker {
        func landmarks(in frame: Image, face: FaceDetection) throws -> [SIMD2<Float>] {
            let origin = SIMD2(face.left, face.top), size = SIMD2(face.right - face.left, face.bottom - face.top)
            var points = [SIMD2<Float>](repeating: origin + size / 2, count: 68)
            for (index, point) in zip(AlignmentTemplate.landmarkIndices, AlignmentTemplate.points) {
                points[index] = origin + point * size
            }
            return points
        }
    }

    /// Keeps faces whose box centre lies right of `x`.
    struct RightOf: IdentityFilter {
        var x: Float
        func matches(frame: Image, detection: FaceDetection, landmarks: [SIMD2<Float>]) throws -> Bool {
            (detection.left + detection.right) / 2 > x
        }
    }

    func extractor(_ detector: any FaceDetector, maxFaces: Int = 0, debug: Bool = false) -> FaceExtractor {
        FaceExtractor(detector: detector, landmarker: TemplateLandmarks(),
                      settings: ExtractionSettings(faceType: .full, imageSize: 128, maxFaces: maxFaces, writeDebugImages: debug))
    }

    func writeFrames(_ count: Int, into folder: URL, width: Int = 320, height: Int = 200) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 1...count {
            try Image(width: width, height: height, channels: 3, repeating: UInt8(90))
                .write(to: folder.appendingPathComponent(String(format: "%05d.png", index)), as: .png(compressionLevel: 1))
        }
    }

    @Test(arguments: FrameRotation.allCases)
    func aPointOfTheTurnedFrameMapsBackOntoTheFrame(rotation: FrameRotation) throws {
        var frame = Image(width: 7, height: 5, channels: 1, repeating: UInt8(0))
        frame.withUnsafeMutableBufferPointer(as: UInt8.self) { $0[2 * 7 + 5] = 255 }  // x 5, y 2
        let turned = rotation.apply(to: frame)
        var found: SIMD2<Float>?
        turned.withUnsafeBufferPointer(as: UInt8.self) { pixels in
            if let offset = pixels.firstIndex(of: 255) { found = SIMD2(Float(offset % turned.width), Float(offset / turned.width)) }
        }
        let back = rotation.unrotate(try #require(found), width: 7, height: 5)
        // DFL's formulas use h − x rather than h − 1 − x: one pixel off at most.
        #expect(abs(back.x - 5) <= 1 && abs(back.y - 2) <= 1, "\(rotation): \(back)")
    }

    @Test func aFaceLyingOnItsSideIsFoundInTheTurnedFrameAndMappedBack() throws {
        let frame = Image(width: 320, height: 200, channels: 3, repeating: UInt8(90))
        let faces = try extractor(GivenFaces(faces: [], portraitOnly: true)).locateFaces(in: frame)
        let face = try #require(faces.first)
        // Found after the clockwise turn: the turned frame's box (40, 60)–(140, 160) is, in the
        // frame, x from 60 to 160 and y from 200 − 40 down to 200 − 140.
        #expect(face.detection.left == 60 && face.detection.right == 160)
        #expect(face.detection.top == 160 && face.detection.bottom == 60)
        for point in face.landmarks {
            #expect((60...160).contains(point.x) && (60...160).contains(point.y))
        }
    }

    @Test func aCropFarLargerThanTheDetectorsBoxIsRejectedUnlessPlacedByHand() throws {
        let frame = Image(width: 320, height: 200, channels: 3, repeating: UInt8(90))
        let extractor = extractor(GivenFaces(faces: []))
        let landmarks = try TemplateLandmarks().landmarks(in: frame, face: FaceDetection(left: 100, top: 40, right: 220, bottom: 160, score: 1))
        let fitting = FaceDetection(left: 100, top: 40, right: 220, bottom: 160, score: 1)
        let tiny = FaceDetection(left: 150, top: 90, right: 170, bottom: 110, score: 1)
        #expect(extractor.align(frame: frame, frameName: "f.png", detection: fitting, landmarks: landmarks) != nil)
        #expect(extractor.align(frame: frame, frameName: "f.png", detection: tiny, landmarks: landmarks) == nil)
        #expect(extractor.align(frame: frame, frameName: "f.png", detection: tiny, landmarks: landmarks, placedByHand: true) != nil)
    }

    @Test func maxFacesCountsOnlyThePersonTheIdentityFilterKeeps() throws {
        let folder = try TemporaryDirectory("masque-rules")
        let frames = folder.file("frames")
        try writeFrames(1, into: frames)
        let larger = FaceDetection(left: 10, top: 20, right: 150, bottom: 160, score: 1)
        let smaller = FaceDetection(left: 200, top: 40, right: 300, bottom: 140, score: 1)
        let job = ExtractionJob(inputFolder: frames, outputFolder: folder.file("aligned"),
                                extractor: extractor(GivenFaces(faces: [larger, smaller]), maxFaces: 1), identityFilter: RightOf(x: 160))
        let report = try job.run()
        #expect(report.facesWritten == 1)
        let face = try AlignedFaceImage(contentsOf: folder.file("aligned/00001_0.jpg")).face()
        #expect(face.sourceRect?.left == 200)
    }

    @Test(arguments: [
        #"{"00001.png": [{"box": [10, 10, 90, 90], "landmarks": [[1, 2], [3, 4]]}]}"#,
        #"{"00001.png": [{"box": [10, 10, 90]}]}"#,
        #"{"00001.png": [{}]}"#,
        #"{"00001.png": [{"box": [90, 10, 10, 90]}]}"#,
    ])
    func malformedManualFacesAreAnErrorNamingTheFile(json: String) throws {
        let folder = try TemporaryDirectory("masque-rules")
        let file = folder.file("faces.json")
        try Data(json.utf8).write(to: file)
        let error = #expect(throws: ExtractionError.self) { try ManualFaces(contentsOf: file) }
        #expect(error?.message.hasPrefix(file.path) == true)
        #expect(error?.message.contains("00001.png") == true)
    }

    @Test func manualFacesForFramesThatDoNotExistAreAnError() throws {
        let folder = try TemporaryDirectory("masque-rules")
        let frames = folder.file("frames")
        try writeFrames(2, into: frames)
        let file = folder.file("faces.json")
        try Data(#"{"0001.png": [{"box": [10, 10, 90, 90]}]}"#.utf8).write(to: file)
        let job = ExtractionJob(inputFolder: frames, outputFolder: folder.file("aligned"), extractor: extractor(GivenFaces(faces: [])),
                                manualFaces: try ManualFaces(contentsOf: file))
        let error = #expect(throws: ExtractionError.self) { try job.run() }
        #expect(error?.message.contains("0001.png") == true)
        #expect(error?.message.contains("00001.png") == true, "the message shows a real frame name")
    }

    @Test func aFrameNamedLikeAnEarlierOneIsSkippedAndReported() throws {
        let folder = try TemporaryDirectory("masque-rules")
        let frames = folder.file("frames")
        try writeFrames(2, into: frames)
        try Image(width: 320, height: 200, channels: 3, repeating: UInt8(90)).write(to: frames.appendingPathComponent("00001.jpg"), as: .jpeg(quality: 90))
        let face = FaceDetection(left: 100, top: 40, right: 220, bottom: 160, score: 1)
        let report = try ExtractionJob(inputFolder: frames, outputFolder: folder.file("aligned"), extractor: extractor(GivenFaces(faces: [face]))).run()
        #expect(report.framesProcessed == 2)
        #expect(report.framesWithRepeatedNames == ["00001.png"])
    }

    @Test func reextractionWithoutDebugImagesKeepsTheFacesAndSaysWhy() throws {
        let folder = try TemporaryDirectory("masque-rules")
        let frames = folder.file("frames"), aligned = folder.file("aligned")
        try writeFrames(2, into: frames)
        let face = FaceDetection(left: 100, top: 40, right: 220, bottom: 160, score: 1)
        let report = try ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor(GivenFaces(faces: [face]))).run()
        #expect(report.facesWritten == 2)
        let again = ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor(GivenFaces(faces: [face])),
                                  onlyFramesWithoutDebugImages: true)
        let error = #expect(throws: ExtractionError.self) { try again.run() }
        #expect(error?.message.contains("aligned_debug") == true)
        #expect(try folder.contents(of: "aligned").filter { $0.hasSuffix(".jpg") } == ["00001_0.jpg", "00002_0.jpg"])
    }
}
