import Foundation
import Imaging
import Testing
@testable import FaceAnalysis

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
        DebugImage.drawLandmarks(landmarks, on: &canvas)
        let pixels = canvas.pixels(as: UInt8.self)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(pixels[(y * 300 + x) * 3 ..< (y * 300 + x) * 3 + 3]) }
        #expect(pixel(160, 150) == [100, 100, 100], "inside the hull: 201 / 2, truncated")
        #expect(pixel(5, 5) == [201, 201, 201], "outside: unchanged")
        let jaw = landmarks[8]
        #expect(pixel(Int(jaw.x), Int(jaw.y) - 1)[1] > pixel(Int(jaw.x), Int(jaw.y) - 1)[0], "green landmark circles")
    }
}
