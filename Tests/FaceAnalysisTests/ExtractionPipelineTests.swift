@testable import FaceAnalysis
import FaceSet
import Foundation
import Imaging
import Media
import Tensors
import Testing
import TestSupport

/// The whole extraction on a synthetic moving, turning portrait shot, with the real default
/// models (CenterFace + FaceMesh).
@Suite(.serialized) struct ExtractionPipelineTests {
    static let frameCount = 8
    let portrait: Image
    let extractor: FaceExtractor

    init() throws {
        portrait = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        let store = ModelStore.standard()
        let fetcher = ModelFetcher(store: store)
        try fetcher.fetch(ModelCatalog.centerFace)
        try fetcher.fetch(ModelCatalog.faceMesh)
        extractor = FaceExtractor(detector: try CenterFaceDetector(store: store), landmarker: try FaceMeshLandmarker(store: store),
                                  settings: ExtractionSettings(faceType: .wholeFace, imageSize: 256, writeDebugImages: true))
    }

    @Test func everyFrameGivesOneAlignedFaceWhoseMatrixMapsBackOntoTheFrame() throws {
        let folder = try TemporaryDirectory("masque-extract")
        let frames = folder.file("data_dst")
        try PortraitFrames.write(count: Self.frameCount, of: portrait, width: 640, height: 360, into: frames)
        // Where the portrait's own landmarks should land in each frame.
        let still = try #require(try extractor.locateFaces(in: portrait).first)

        let job = ExtractionJob(inputFolder: frames, outputFolder: frames.appendingPathComponent("aligned"), extractor: extractor)
        let report = try job.run()
        #expect(report.framesProcessed == Self.frameCount)
        #expect(report.facesWritten == Self.frameCount)
        #expect(report.failedFrames.isEmpty && report.framesWithoutFaces.isEmpty)

        for index in 0..<Self.frameCount {
            let name = String(format: "%05d", index + 1)
            let file = try AlignedFaceImage(contentsOf: frames.appendingPathComponent("aligned/\(name)_0.jpg"))
            let face = try file.face()
            #expect(face.faceType == .wholeFace)
            #expect(face.sourceFilename == "\(name).png")
            let matrix = try #require(face.imageToFaceMatrix)
            let sourceLandmarks = try #require(face.sourceLandmarks)
            // Round trip: aligned landmarks mapped back by the stored matrix land on the frame landmarks.
            let back = matrix.inverted().apply(to: face.landmarks)
            let roundTrip = zip(back, sourceLandmarks).map { distance($0, $1) }.max()!
            #expect(roundTrip < 1, "frame \(name): round trip \(roundTrip) px")
            // And the frame landmarks follow the known motion of the portrait.
            let motion = PortraitFrames.motion(index: index, count: Self.frameCount, portraitSize: (portrait.width, portrait.height),
                                               frameSize: (640, 360))
            let expected = motion.apply(to: still.landmarks)
            let meanError = zip(expected, sourceLandmarks).map { distance($0, $1) }.reduce(0, +) / 68
            #expect(meanError < 4, "frame \(name): landmarks \(meanError) px from the moved portrait's")
            let debugImage = frames.appendingPathComponent("aligned_debug/\(name).jpg")
            #expect(FileManager.default.fileExists(atPath: debugImage.path))
            // The aligned pixels, put back onto the frame by the stored matrix, cover the face.
            let alignedPixels = try Image(contentsOf: frames.appendingPathComponent("aligned/\(name)_0.jpg"), mode: .color)
            let frame = try Image(contentsOf: frames.appendingPathComponent("\(name).png"), mode: .color)
            let restored = alignedPixels.warpedAffine(matrix.inverted(), width: frame.width, height: frame.height, interpolation: .linear)
            let difference = meanDifference(restored, frame, inside: sourceLandmarks)
            #expect(difference < 6, "frame \(name): aligned face put back differs by \(difference) grey levels")
        }

        let again = try job.run()
        #expect(again.framesProcessed == 0 && again.framesAlreadyDone == Self.frameCount, "a second run resumes")
    }

    /// Mean absolute difference of two BGR uint8 images over the box of `points` shrunk by a quarter.
    func meanDifference(_ a: Image, _ b: Image, inside points: [SIMD2<Float>]) -> Double {
        let xs = points.map(\.x), ys = points.map(\.y)
        let (width, height) = (xs.max()! - xs.min()!, ys.max()! - ys.min()!)
        let columns = Int(xs.min()! + width / 4)..<Int(xs.max()! - width / 4)
        let rows = Int(ys.min()! + height / 4)..<Int(ys.max()! - height / 4)
        return a.withUnsafeBufferPointer(as: UInt8.self) { pa in
            b.withUnsafeBufferPointer(as: UInt8.self) { pb in
                var total = 0.0
                for row in rows {
                    for column in columns {
                        for channel in 0..<3 {
                            let index = (row * a.width + column) * 3 + channel
                            total += abs(Double(pa[index]) - Double(pb[index]))
                        }
                    }
                }
                return total / Double(rows.count * columns.count * 3)
            }
        }
    }

    @Test func framesWithoutFacesAndUnreadableFramesAreReportedAndTheRunGoesOn() throws {
        let folder = try TemporaryDirectory("masque-extract")
        let frames = folder.file("frames")
        try PortraitFrames.write(count: 2, of: portrait, width: 640, height: 360, into: frames)
        try Image(width: 640, height: 360, channels: 3, repeating: UInt8(128)).write(to: frames.appendingPathComponent("00003.png"), as: .png(compressionLevel: 1))
        let good = try Data(contentsOf: frames.appendingPathComponent("00001.png"))
        try good.prefix(good.count / 2).write(to: frames.appendingPathComponent("00004.png"))

        let report = try ExtractionJob(inputFolder: frames, outputFolder: folder.file("aligned"), extractor: extractor).run()
        #expect(report.facesWritten == 2)
        #expect(report.framesWithoutFaces == ["00003.png"])
        #expect(report.failedFrames.map(\.frame) == ["00004.png"])
        #expect(report.failedFrames.first?.reason.contains(frames.appendingPathComponent("00004.png").path) == true)
        #expect(!(report.failedFrames.first?.reason.contains("\n") ?? true))
    }

    @Test func aMissingOrEmptyFrameFolderIsAnErrorNamingItAndCreatesNothing() throws {
        let folder = try TemporaryDirectory("masque-extract")
        let empty = folder.file("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for input in [folder.file("missing"), empty] {
            let output = input.appendingPathComponent("aligned")
            let error = #expect(throws: ExtractionError.self) {
                try ExtractionJob(inputFolder: input, outputFolder: output, extractor: extractor).run()
            }
            #expect(error?.message.contains(input.path) == true)
            #expect(error?.message.contains("extract") == true)
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    /// An output that cannot be written (as on a full disk) stops the run with one line naming the
    /// frame and the fix; the next run resumes and finishes.
    @Test func anUnwritableOutputStopsTheRunAndTheNextRunResumes() throws {
        let folder = try TemporaryDirectory("masque-extract")
        let frames = folder.file("frames"), aligned = folder.file("aligned")
        try PortraitFrames.write(count: 4, of: portrait, width: 640, height: 360, into: frames)
        let blocker = aligned.appendingPathComponent("00003_0.jpg")
        try FileManager.default.createDirectory(at: blocker.appendingPathComponent("in-the-way"), withIntermediateDirectories: true)
        let error = #expect(throws: ExtractionError.self) {
            try ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor).run()
        }
        #expect(error?.message.contains("00003.png") == true)
        #expect(error?.message.contains("free disk space") == true)
        #expect(error.map { !$0.message.contains("\n") } == true)

        try FileManager.default.removeItem(at: blocker)
        let report = try ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor).run()
        #expect(report.framesAlreadyDone + report.framesProcessed == 4)
        #expect(report.framesAlreadyDone < 4 && report.failedFrames.isEmpty)
        for index in 1...4 {
            #expect(FileManager.default.fileExists(atPath: aligned.appendingPathComponent(String(format: "%05d_0.jpg", index)).path))
        }
    }

    @Test func reextractionRedoesOnlyFramesWhoseDebugImageWasDeleted() throws {
        let folder = try TemporaryDirectory("masque-extract")
        let frames = folder.file("data_dst")
        try PortraitFrames.write(count: 3, of: portrait, width: 640, height: 360, into: frames)
        let aligned = frames.appendingPathComponent("aligned")
        _ = try ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor).run()
        try FileManager.default.removeItem(at: frames.appendingPathComponent("aligned_debug/00002.jpg"))
        let still = try #require(try extractor.locateFaces(in: PortraitFrames.frame(1, of: 3, portrait: portrait, width: 640, height: 360)).first)
        let manual = folder.file("faces.json")
        try JSONEncoder().encode(["00002.png": [["box": [still.detection.left, still.detection.top, still.detection.right, still.detection.bottom]]]])
            .write(to: manual)
        let report = try ExtractionJob(inputFolder: frames, outputFolder: aligned, extractor: extractor,
                                       manualFaces: try ManualFaces(contentsOf: manual), onlyFramesWithoutDebugImages: true).run()
        #expect(report.framesProcessed == 1 && report.facesWritten == 1)
        #expect(FileManager.default.fileExists(atPath: frames.appendingPathComponent("aligned_debug/00002.jpg").path))
    }

    /// A CPU run forced to batch (upright detections in one call, their landmarks in another)
    /// writes the faces a per-frame run writes: frame and aligned landmarks within 1e-3 px.
    @Test func batchedDetectionGivesTheSameFacesAsPerFrameDetection() throws {
        let folder = try TemporaryDirectory("masque-extract")
        let frames = folder.file("frames")
        try PortraitFrames.write(count: 3, of: portrait, width: 640, height: 360, into: frames)
        var settings = extractor.settings
        settings.batchDetection = true
        let batched = FaceExtractor(detector: extractor.detector, landmarker: extractor.landmarker, settings: settings)
        for (name, worker) in [("single", extractor), ("batched", batched)] {
            _ = try ExtractionJob(inputFolder: frames, outputFolder: folder.file(name), extractor: worker).run()
        }
        for index in 1...3 {
            let file = String(format: "%05d_0.jpg", index)
            let single = try AlignedFaceImage(contentsOf: folder.file("single").appendingPathComponent(file)).face()
            let together = try AlignedFaceImage(contentsOf: folder.file("batched").appendingPathComponent(file)).face()
            let gap = zip(single.sourceLandmarks!, together.sourceLandmarks!).map { distance($0, $1) }.max()!
            let alignedGap = zip(single.landmarks, together.landmarks).map { distance($0, $1) }.max()!
            #expect(gap <= 1e-3, "\(file): \(gap) px")
            #expect(alignedGap <= 1e-3, "\(file): aligned landmarks \(alignedGap) px apart")
        }
    }

    /// Frames showing two people, and one too small to search: the faces found in one batch are
    /// those found frame by frame (landmarks within 1e-3 px), `maxFaces` included.
    @Test(arguments: [0, 1])
    func uprightFacesFoundInOneBatchAreThoseFoundFrameByFrame(_ maxFaces: Int) throws {
        let hopper = try Image(contentsOf: ReferenceFixtures.url("portraits/grace_hopper.jpg"), mode: .color)
        let frames = (0..<2).map { index in
            var canvas = Image(width: 1000, height: 560, channels: 3, repeating: UInt8(80))
            portrait.warpAffine(into: &canvas, AffineMatrix(elements: [1, 0, 20 + Double(index) * 30, 0, 1, 60]), border: .transparent)
            hopper.warpAffine(into: &canvas, AffineMatrix(elements: [1, 0, 480, 0, 1, 20 + Double(index) * 10]), border: .transparent)
            return canvas
        } + [Image(width: 120, height: 120, channels: 3, repeating: UInt8(80))]
        var settings = extractor.settings
        settings.maxFaces = maxFaces
        let limited = FaceExtractor(detector: extractor.detector, landmarker: extractor.landmarker, settings: settings)
        let batched = try limited.locateUprightFaces(in: frames)
        #expect(batched.map(\.count) == (maxFaces == 0 ? [2, 2, 0] : [1, 1, 0]))
        for (index, frame) in frames.enumerated() {
            let alone = try limited.locateFaces(in: frame)
            try #require(alone.count == batched[index].count, "frame \(index)")
            for (one, other) in zip(alone, batched[index]) {
                let corners = [one.detection.left - other.detection.left, one.detection.top - other.detection.top,
                               one.detection.right - other.detection.right, one.detection.bottom - other.detection.bottom]
                #expect(corners.map(abs).max()! <= 1e-3, "frame \(index): boxes \(corners) px apart")
                let gap = zip(one.landmarks, other.landmarks).map { distance($0, $1) }.max()!
                #expect(gap <= 1e-3, "frame \(index): \(gap) px")
            }
        }
    }

    func distance(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float { ((a - b) * (a - b)).sum().squareRoot() }
}

/// Temporal smoothing through the whole pipeline on a shot with added pixel noise.
@Suite(.serialized) struct ExtractionSmoothingTests {
    @Test func smoothingLowersLandmarkJitterOnANoisyShot() throws {
        let portrait = try Image(contentsOf: ReferenceFixtures.url("portraits/astronaut.png"), mode: .color)
        let folder = try TemporaryDirectory("masque-smooth")
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        var state: UInt64 = 12345
        let count = 12
        for index in 0..<count {
            let clean = PortraitFrames.frame(index, of: count * 15, portrait: portrait, width: 640, height: 360)  // slow motion
            let noisy = clean.pixels(as: UInt8.self).map { value -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let noise = Int((state >> 33) % 41) - 20
                return UInt8(clamping: Int(value) + noise)
            }
            try Image(width: 640, height: 360, channels: 3, pixels: noisy)
                .write(to: frames.appendingPathComponent(String(format: "%05d.png", index + 1)), as: .png(compressionLevel: 1))
        }
        let store = ModelStore.standard()
        func jitter(smooth: Bool) throws -> Float {
            let settings = ExtractionSettings(faceType: .wholeFace, imageSize: 256, smoothLandmarks: smooth, frameRate: 25)
            let extractor = FaceExtractor(detector: try CenterFaceDetector(store: store), landmarker: try FaceMeshLandmarker(store: store),
                                          settings: settings)
            let output = folder.file(smooth ? "smoothed" : "raw")
            let report = try ExtractionJob(inputFolder: frames, outputFolder: output, extractor: extractor).run()
            #expect(report.facesWritten == count)
            let tracks = try (1...count).map { index in
                try AlignedFaceImage(contentsOf: output.appendingPathComponent(String(format: "%05d_0.jpg", index))).face().sourceLandmarks!
            }
            var total: Float = 0
            for t in 2..<count {
                for i in 0..<68 {
                    let d = tracks[t][i] - 2 * tracks[t - 1][i] + tracks[t - 2][i]
                    total += (d * d).sum().squareRoot()
                }
            }
            return total / Float((count - 2) * 68)
        }
        let raw = try jitter(smooth: false), smoothed = try jitter(smooth: true)
        #expect(smoothed < raw * 0.8, "frame-to-frame jitter: raw \(raw) px, smoothed \(smoothed) px")
    }
}
