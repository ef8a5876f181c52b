@testable import FaceAnalysis
@testable import FaceGeometry
import Foundation
import Imaging
import Testing

@Suite struct DebugImageTests {
    @Test func landmarksAreDrawnAndTheFaceHullIsDarkenedToHalf() {
        // A face-shaped set of 68 points: the template's 33 plus a jaw arc, 200 px wide.
        var landmarks = [SIMD2<Float>](repeating: .zero, count: 68)
        for (index, point) in zip(AlignmentTemplate.landmarkIndices, AlignmentTemplate.points) { landmarks[index] = point * 200 + 50 }
        for i in 0...16 {
            let angle = Float.pi * Float(16 - i) / 16
            landmarks[i] = SIMD2(150 + 100 * cos(angle), 110 + 120 * sin(angle))
        }
        for i in 49...53 { landmarks[i] = landmarks[48] + (landmarks[54] - landmarks[48]) * Float(i - 48) / 6 }
        for i in 55...67 { landmarks[i] = landmarks[54] + (landmarks[48] - landmarks[54]) * Float((i - 54) % 6 + 1) / 7 }
        var canvas = Image(width: 300, height: 300, channels: 3, repeating: UInt8(201))
        LandmarkDrawing.drawLandmarks(landmarks, on: &canvas)
        let pixels = canvas.pixels(as: UInt8.self)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(pixels[(y * 300 + x) * 3 ..< (y * 300 + x) * 3 + 3]) }
        #expect(pixel(160, 150) == [100, 100, 100], "inside the hull: 201 / 2, truncated")
        #expect(pixel(5, 5) == [201, 201, 201], "outside: unchanged")
        let jaw = landmarks[8]
        #expect(pixel(Int(jaw.x), Int(jaw.y) - 1)[1] > pixel(Int(jaw.x), Int(jaw.y) - 1)[0], "green landmark circles")
    }

    /// The detector box in blue, the crop outline and its orientation triangle in red.
    @Test func boxCropOutlineAndTriangleAreDrawnWhereTheyBelong() throws {
        let frame = Image(width: 400, height: 300, channels: 3, repeating: UInt8(201))
        var landmarks = [SIMD2<Float>](repeating: SIMD2(200, 150), count: 68)
        for (index, point) in zip(AlignmentTemplate.landmarkIndices, AlignmentTemplate.points) { landmarks[index] = point * 100 + SIMD2(150, 100) }
        let extractor = FaceExtractor(detector: ExtractionRulesTests.GivenFaces(faces: []), landmarker: ExtractionRulesTests.TemplateLandmarks(),
                                      settings: ExtractionSettings(faceType: .full, imageSize: 128))
        let box = FaceDetection(left: 140, top: 90, right: 260, bottom: 210, score: 1)
        let face = try #require(extractor.align(frame: frame, frameName: "f.png", detection: box, landmarks: landmarks))
        var canvas = frame
        DebugImage.draw(face, size: 128, on: &canvas)
        let pixels = canvas.pixels(as: UInt8.self)
        func pixel(_ p: SIMD2<Float>) -> [UInt8] {
            let (x, y) = (Int(p.x), Int(p.y))
            return Array(pixels[(y * 400 + x) * 3 ..< (y * 400 + x) * 3 + 3])
        }
        let blue: [UInt8] = [255, 0, 0], red: [UInt8] = [0, 0, 255]
        // Middle of the box's top and left edges.
        #expect(pixel(SIMD2(200, 90)) == blue && pixel(SIMD2(140, 150)) == blue)
        // Middle of each side of the crop, mapped back onto the frame.
        let inverse = face.transform.inverted()
        for side in [SIMD2<Float>(64, 0), SIMD2(127, 64), SIMD2(64, 127), SIMD2(0, 64)] {
            #expect(pixel(inverse.apply(to: [side])[0]) == red, "crop side at \(side)")
        }
        // The triangle's slanted edge, halfway from (6, 0) to (12, 12) of the crop.
        #expect(pixel(inverse.apply(to: [SIMD2<Float>(9, 6)])[0]) == red)
        #expect(pixel(SIMD2(390, 10)) == [201, 201, 201], "elsewhere unchanged")
    }
}
