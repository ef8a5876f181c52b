@testable import FaceAnalysis
@testable import FaceGeometry
import Foundation
import Imaging
import Tensors
import Testing
import TestSupport

/// FAN against Tests/Reference/make_dflmodel_fixtures.py: an independent float64 NumPy forward of
/// the same random weights, and DFL's crop geometry and heatmap decoding (reference §2.3).
@Suite struct FANTests {
    let fixture: SafeTensors.Contents

    init() throws {
        fixture = try DFLTestModels.fixture()
    }

    func points(_ name: String) -> [SIMD2<Double>] {
        let values = fixture.doubles(name)
        return stride(from: 0, to: values.count, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }
    }

    func crop(_ name: String) -> FANCrop {
        let r = fixture.integers(name).map(Double.init)
        return FANCrop(left: r[0], top: r[1], right: r[2], bottom: r[3])
    }

    @Test func heatmapPeaksEqualDFLs() {
        let maps = fixture["heatmaps"]!
        let peaks = FANHeatmapDecoder.peaks(maps.floats(), count: maps.shape[0], height: maps.shape[1], width: maps.shape[2])
        #expect(peaks == points("heatmap_peaks"))
    }

    /// Crop corners are truncated, so they must come out of the same float64 steps as NumPy's
    /// `linalg.inv` and `matmul`; the cases include boxes whose corners fall on whole pixels.
    @Test func cropGeometryEqualsDFLs() {
        let cases = fixture.doubles("crop_cases"), corners = fixture.integers("crop_corners")
        let expectedPoints = points("crop_points")
        for n in 0..<corners.count / 4 {
            let c = Array(cases[n * 9 ..< n * 9 + 9])
            let box = FANCrop(left: c[0], top: c[1], right: c[2], bottom: c[3])
            #expect(box.scale == c[6], "case \(n)")
            let crop = FANCrop(center: SIMD2(c[4], c[5]), scale: c[6])
            let (ul, br) = crop.corners()!
            #expect([ul.x, ul.y, br.x, br.y] == Array(corners[n * 4 ..< n * 4 + 4]), "case \(n)")
            #expect(crop.imagePoint(SIMD2(c[7], c[8]), resolution: 64) == expectedPoints[n], "case \(n)")
        }
    }

    @Test func theCropPadsOutsideTheFrameLikeDFL() throws {
        let frame = try DFLTestModels.image("frame.png")
        let image = try #require(crop("fan_rect").image(from: frame))
        let expected = try DFLTestModels.image("fan_crop.png")
        #expect(image == expected)
        #expect(FANCrop(left: 300, top: 10, right: 400, bottom: 90).image(from: frame) == nil, "a box beside the frame")
    }

    /// A box placed by hand far beyond the frame (`--manual-faces`) gives no crop, not a canvas
    /// of terabytes (which stopped masque: "out of memory allocating … bytes of pixels").
    @Test func aCropTooLargeForMemoryIsNoCrop() {
        let frame = Image(width: 64, height: 48, channels: 3, format: .uint8)
        #expect(FANCrop(left: 0, top: 0, right: 1_000_000, bottom: 1_000_000).image(from: frame) == nil)
        #expect(FANCrop(left: 0, top: 0, right: 60, bottom: 40).image(from: frame) != nil)
    }

    /// Tolerances: heatmaps within 1e-4 of the float64 reference (values about ±1; seen 4e-7);
    /// the landmarks come from the same peaks and float64 mapping, so they differ only by the
    /// rounding to float32 (within 1e-4 px).
    @Test func forwardAndLandmarksMatchTheNumpyReference() throws {
        let landmarker = try DFLTestModels.landmarker.get()
        let frame = try DFLTestModels.image("frame.png")
        let crop = crop("fan_rect")
        let heatmaps = try landmarker.heatmaps(for: [try #require(crop.image(from: frame))])
        try #require(heatmaps.shape == [1, 68, 64, 64])
        let values = heatmaps.floats()
        let channels = fixture.integers("fan_heatmap_channels")
        let expected = fixture["fan_heatmaps"]!.floats()
        for (k, channel) in channels.enumerated() {
            let map = Array(values[channel * 4096 ..< (channel + 1) * 4096])
            let difference = maxAbsDifference(map, Array(expected[k * 4096 ..< (k + 1) * 4096]))
            #expect(difference < 1e-4, "heatmap \(channel) differs by \(difference)")
        }
        let maxima = (0..<68).map { values[$0 * 4096 ..< ($0 + 1) * 4096].max()! }
        #expect(maxAbsDifference(maxima, fixture["fan_heatmap_max"]!.floats()) < 1e-4)

        let face = FaceDetection(left: 60, top: 50, right: 200, bottom: 215, score: 1)
        let landmarks = try landmarker.landmarks(in: frame, face: face)
        let reference = points("fan_landmarks")
        try #require(landmarks.count == 68)
        for (point, expected) in zip(landmarks, reference) {
            #expect(abs(Double(point.x) - expected.x) < 1e-4 && abs(Double(point.y) - expected.y) < 1e-4,
                    "\(point) vs \(expected)")
        }
    }

    /// DFL's second pass with a stand-in for S3FD that finds one face on the aligned crop: FAN on
    /// five shifted crops, averaged, mapped back. The alignment matrix comes from float32
    /// landmarks here and float64 ones in DFL, so the warped crop may differ by a level here and
    /// there: landmarks within 0.01 px on average and 0.05 px at most (seen: 0.003 and 0.004).
    @Test func theSecondPassMatchesDFL() throws {
        let loaded = try DFLTestModels.landmarker.get()
        let rect = fixture.integers("fan_second_rect").map(Float.init)
        let detector = FixedDetector(faces: [FaceDetection(left: rect[0], top: rect[1], right: rect[2], bottom: rect[3], score: 1)])
        let landmarker = FANLandmarker(network: loaded.network, device: .cpu, secondPassDetector: detector)
        let frame = try DFLTestModels.image("frame.png")
        let face = FaceDetection(left: 60, top: 50, right: 200, bottom: 215, score: 1)
        let landmarks = try landmarker.landmarks(in: frame, face: face)
        let reference = points("fan_second_landmarks")
        let errors = zip(landmarks, reference).map { point, expected in
            ((SIMD2<Double>(point) - expected) * (SIMD2<Double>(point) - expected)).sum().squareRoot()
        }
        #expect(errors.reduce(0, +) / Double(errors.count) < 0.01 && errors.max()! < 0.05, "errors \(errors)")
        let first = points("fan_landmarks").map { SIMD2<Float>($0) }
        let matrix = FaceAlignment.transform(landmarks: first, size: 256, faceType: .full)
        let expectedMatrix = fixture.doubles("fan_second_matrix")
        #expect(zip(matrix.elements, expectedMatrix).allSatisfy { abs($0 - $1) < 1e-4 * max(1, abs($1)) })
    }

    /// The second pass needs exactly one face on the aligned crop; otherwise, and when the
    /// detector fails, the first pass stands (nothing runs through FAN).
    @Test func theSecondPassNeedsExactlyOneFace() throws {
        let landmarker = try DFLTestModels.landmarker.get()
        let frame = try DFLTestModels.image("frame.png")
        let first = points("fan_landmarks")
        let box = FaceDetection(left: 70, top: 62, right: 186, bottom: 208, score: 1)
        for faces in [[], [box, box], nil] as [[FaceDetection]?] {
            #expect(landmarker.refine(first, in: frame, detector: FixedDetector(faces: faces)) == nil)
        }
    }
}
