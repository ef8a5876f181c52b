import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Tensors
import Testing
import TestSupport
@testable import Training

/// DFL's sample generator for the swap models (§7): facesets load from folders and paks with
/// non-faces skipped and counted, samples come out at the model's size and face type in 0…1 with
/// their masks, and the same seed gives the same batches in and out of the background queue.
@Suite struct SampleProcessorTests {
    static let folder = ReferenceFixtures.url("faceset/aligned")

    @Test func aFolderAndItsPakGiveTheSameFacesAndNonFacesAreCounted() throws {
        let (samples, skipped) = try TrainingSample.load(Self.folder)
        #expect(samples.count == 5)
        #expect(skipped.map { URL(fileURLWithPath: $0).lastPathComponent } == ["not_a_jpeg.png", "plain_no_metadata.jpg"])
        #expect(samples.allSatisfy { $0.landmarks.count == 68 && $0.image.channels == 3 })
        let (packed, packedSkipped) = try TrainingSample.load(ReferenceFixtures.url("faceset/packed"))
        #expect(packedSkipped.isEmpty)
        #expect(Set(packed.map(\.landmarks.count)) == [68])
        #expect(packed.map(\.faceType) == samples.map(\.faceType))
    }

    @Test func aFolderWithoutFacesIsRefusedNamingIt() throws {
        let empty = try TemporaryDirectory()
        let error = #expect(throws: (any Error).self) { try TrainingSample.load(empty.url) }
        #expect("\(error!)".contains(empty.url.path) && "\("\(error!)")".contains("masque extract-faces"))
    }

    @Test func samplesComeOutAtTheModelsSizeInRangeWithTheirMasks() throws {
        let samples = try TrainingSample.load(Self.folder).samples
        let processor = SampleProcessor(resolution: 64, faceType: .full, randomWarp: true, randomFlip: true)
        var random = SeededRandom(seed: 7, stream: 0)
        for sample in samples {
            let output = try processor.process(sample, using: &random)
            for (image, channels) in [(output.warped, 3), (output.target, 3), (output.mask, 1), (output.eyesMouthMask, 1)] {
                #expect(image.width == 64 && image.height == 64 && image.channels == channels && image.format == .float32)
                let values = image.pixels(as: Float.self)
                #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(sample.name)")
            }
            #expect(output.mask.pixels(as: Float.self).contains { $0 > 0.5 }, "\(sample.name): empty face mask")
            let peak = output.eyesMouthMask.pixels(as: Float.self).max()!
            #expect(peak == 0 || abs(peak - 1) < 1e-6, "\(sample.name): eyes/mouth mask peaks at \(peak)")
        }
    }

    @Test func withoutWarpOrTransformTheTargetIsTheFaceAtTheModelsTypeAndSize() throws {
        let sample = try #require(try TrainingSample.load(Self.folder).samples.first)
        var still = SampleWarp.Ranges()
        still.rotation = 0...0
        still.scale = 0...0
        still.translation = 0...0
        var random = SeededRandom(seed: 1, stream: 0)
        let same = try SampleProcessor(resolution: 64, faceType: sample.faceType, randomWarp: false, ranges: still)
            .process(sample, using: &random)
        let resized = sample.image.converted(to: .float32).resized(width: 64, height: 64, interpolation: .cubic)
        #expect(maxAbsDifference(same.target.pixels(as: Float.self), resized.pixels(as: Float.self).map { min(max($0, 0), 1) }) < 2e-3)
        #expect(same.warped.pixels(as: Float.self) == same.target.pixels(as: Float.self))
        let other: FaceType = sample.faceType == .head ? .full : .head
        let converted = try SampleProcessor(resolution: 64, faceType: other, randomWarp: false, ranges: still).process(sample, using: &random)
        let matrix = FaceAlignment.transform(landmarks: sample.landmarks, size: 64, faceType: other)
        let expected = sample.image.converted(to: .float32).warpedAffine(matrix, width: 64, height: 64, interpolation: .linear, border: .replicate)
        #expect(maxAbsDifference(converted.target.pixels(as: Float.self), expected.pixels(as: Float.self)) < 2e-3)
    }

    @Test func theSameSeedGivesTheSameBatchesFromTheQueue() throws {
        let samples = try TrainingSample.load(Self.folder).samples
        let processor = SampleProcessor(resolution: 64, faceType: .wholeFace)
        let queue = SampleQueue(samples: samples, processor: processor, batchSize: 3, seed: 42, first: 5)
        let direct = SampleQueue(samples: samples, processor: processor, batchSize: 3, seed: 42, capacity: 1)
        for index in 5..<8 {
            let queued = try queue.next(), made = try direct.batch(index)
            #expect(queued.warped.shape == [3, 3, 64, 64] && queued.mask?.shape == [3, 1, 64, 64])
            #expect(queued.warped.floats() == made.warped.floats() && queued.eyesMouthMask?.floats() == made.eyesMouthMask?.floats())
        }
        let otherSeed = try SampleQueue(samples: samples, processor: processor, batchSize: 3, seed: 43, capacity: 1).batch(5)
        #expect(otherSeed.warped.floats() != (try direct.batch(5)).warped.floats())
        queue.stop()
        direct.stop()
    }
}
