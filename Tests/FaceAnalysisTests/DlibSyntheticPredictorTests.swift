import FaceAnalysis
import Foundation
import Imaging
import Inference
import Testing
import TestSupport

/// A hand-made shape predictor written in dlib's format checks the reader and the cascade's
/// semantics without dlib, and damaged copies of it check each validation.
@Suite struct DlibSyntheticPredictorTests {
    /// Writes values in dlib's serialization format.
    struct DlibWriter {
        var bytes: [UInt8] = []

        mutating func integer(_ value: Int64) {
            var magnitude = value.magnitude
            var payload: [UInt8] = []
            while magnitude != 0 {
                payload.append(UInt8(magnitude & 0xFF))
                magnitude >>= 8
            }
            if payload.isEmpty { payload = [0] }
            bytes.append(UInt8(payload.count) | (value < 0 ? 0x80 : 0))
            bytes += payload
        }

        /// dlib's portable float: an integer mantissa and a power of two.
        mutating func float(_ value: Float) {
            if value == 0 {
                integer(0)
                integer(0)
                return
            }
            let significand = Int64(value.significandBitPattern | (1 << 23))
            integer(value.sign == .minus ? -significand : significand)
            integer(Int64(value.exponent) - 23)
        }

        /// A column `matrix<float>` in the current (negated size) format.
        mutating func column(_ values: [Float]) {
            integer(-Int64(values.count))
            integer(-1)
            values.forEach { float($0) }
        }
    }

    /// Parts that can be damaged one at a time.
    struct Model {
        var version: Int64 = 1
        var treeCount: Int64 = 1
        var leafCount: Int64 = 2
        var anchors: [Int64] = [0, 1]
        var splitFeatures: (Int64, Int64) = (0, 1)
        var oldTextFloat = false

        /// Two landmarks at (0.25, 0.5) and (0.75, 0.5) of the box; one cascade of one depth-1
        /// tree comparing the intensities under the two landmarks: brighter left by more than 10
        /// moves both landmarks right by 0.1 of the box, otherwise left by 0.1.
        var bytes: Data {
            var writer = DlibWriter()
            writer.integer(version)
            writer.column([0.25, 0.5, 0.75, 0.5])
            writer.integer(1)
            writer.integer(treeCount)
            writer.integer(1)
            writer.integer(splitFeatures.0)
            writer.integer(splitFeatures.1)
            if oldTextFloat { writer.bytes += Array("10 ".utf8) } else { writer.float(10) }
            writer.integer(leafCount)
            writer.column([0.1, 0, 0.1, 0])
            writer.column([-0.1, 0, -0.1, 0])
            if leafCount > 2 { writer.column([0, 0, 0, 0]) }
            writer.integer(1)
            writer.integer(Int64(anchors.count))
            anchors.forEach { writer.integer($0) }
            writer.integer(1)
            writer.integer(2)
            for _ in 0..<2 {
                writer.float(0)
                writer.float(0)
            }
            return Data(writer.bytes)
        }
    }

    static func write(_ model: Model, in folder: TemporaryDirectory, named name: String) throws -> URL {
        let url = folder.file(name)
        try model.bytes.write(to: url)
        return url
    }

    /// A 100 × 100 gray image, 200 on the bright half and 0 on the other.
    static func halfBright(left: Bool) -> Image {
        var pixels = [UInt8](repeating: 0, count: 100 * 100)
        for y in 0..<100 {
            for x in 0..<100 where (x < 50) == left { pixels[y * 100 + x] = 200 }
        }
        return Image(width: 100, height: 100, channels: 1, pixels: pixels)
    }

    @Test func theCascadeMovesTheMeanShapeByTheLeafItReaches() throws {
        let folder = try TemporaryDirectory("masque-dlib-synthetic")
        let predictor = try DlibShapePredictor(contentsOf: Self.write(Model(), in: folder, named: "model.dat"))
        #expect(predictor.partCount == 2)
        #expect(predictor.meanShape == [SIMD2(0.25, 0.5), SIMD2(0.75, 0.5)])
        let box = DlibRectangle(left: 0, top: 0, right: 99, bottom: 99)
        let right = predictor.landmarks(in: Self.halfBright(left: true), box: box)
        let left = predictor.landmarks(in: Self.halfBright(left: false), box: box)
        for (point, expected) in zip(right + left, [SIMD2<Float>(34.65, 49.5), SIMD2(84.15, 49.5), SIMD2(14.85, 49.5), SIMD2(64.35, 49.5)]) {
            #expect(abs(point.x - expected.x) < 1e-3 && abs(point.y - expected.y) < 1e-3, "\(point) vs \(expected)")
        }
        let shifted = predictor.landmarks(in: Self.halfBright(left: true), box: DlibRectangle(left: 200, top: 0, right: 299, bottom: 99))
        #expect(abs(shifted[0].x - 214.85) < 1e-3, "pixels outside the image read as 0: \(shifted[0])")
    }

    @Test func eachDamagedFieldIsRefusedWithTheFileNamed() throws {
        let folder = try TemporaryDirectory("masque-dlib-synthetic")
        var damaged: [(String, Model)] = []
        var model = Model()
        model.version = 2
        damaged.append(("version", model))
        model = Model()
        model.treeCount = 1 << 40
        damaged.append(("tree count", model))
        model = Model()
        model.leafCount = 3
        damaged.append(("leaf count", model))
        model = Model()
        model.anchors = [0, 5]
        damaged.append(("anchor", model))
        model = Model()
        model.splitFeatures = (0, 7)
        damaged.append(("split feature", model))
        model = Model()
        model.oldTextFloat = true
        damaged.append(("text float", model))
        for (name, model) in damaged {
            let url = try Self.write(model, in: folder, named: "\(name).dat")
            DlibModelFileTests.expectOneLineError(naming: url) { _ = try DlibShapePredictor(contentsOf: url) }
        }
    }
}
