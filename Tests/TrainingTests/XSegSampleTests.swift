import FaceGeometry
import FaceSet
import Foundation
import Imaging
import Tensors
import Testing
import TestSupport
@testable import Training

/// DFL's XSeg samples (§1.3, §4.4, §7.5): label polygons rasterise as DFL's `overlay_mask` (checked
/// against `make_xseg_sample_fixtures.py`'s OpenCV reference), the motion blur and sharpen filters
/// match DFL's `blursharpen.py`, training samples come out at the model's size with a binary
/// mask that follows the face through every augmentation, the same seed gives the same samples,
/// and the labelled faces are picked as DFL picks them.
@Suite struct XSegSampleTests {
    static func pieces() throws -> SafeTensors.Contents { try ReferenceFixtures.tensors("samples/xseg_pieces.safetensors") }

    /// An HWC float image of a fixture tensor.
    static func image(_ name: String) throws -> Image {
        let tensor = try #require(try pieces()[name], "\(name) is missing from xseg_pieces.safetensors")
        let shape = tensor.shape
        return Image(width: shape[1], height: shape[0], channels: shape.count == 3 ? shape[2] : 1, pixels: tensor.floats())
    }

    @Test func polygonsRasteriseAsDFLsOverlayMask() throws {
        let contents = try Self.pieces()
        let types = try #require(contents["poly_types"]).toArray(of: Int32.self)
        let polygons = try types.indices.map { index in
            let points = try #require(contents["poly\(index)_pts"]).floats()
            return XSegPolygon(kind: types[index] == 1 ? .include : .exclude,
                               points: stride(from: 0, to: points.count, by: 2).map { SIMD2(points[$0], points[$0 + 1]) })
        }
        let expected = try Self.image("poly_mask")
        let mask = XSegPolygon.mask(XSegPolygon.includeFirst(polygons), width: expected.width, height: expected.height)
        #expect(mask.channels == 1 && mask.format == .float32)
        #expect(mask.pixels(as: Float.self) == expected.pixels(as: Float.self))
    }

    @Test func motionBlurAndSharpenMatchDFLsBlursharpen() throws {
        let face = try Self.image("face")
        for (size, angle) in [(1, 0), (3, 45), (4, 200), (5, 359)] {
            let expected = try Self.image("motion_\(size)_\(angle)")
            #expect(maxAbsDifference(face.linearMotionBlurred(kernelSize: size, angle: Double(angle)).pixels(as: Float.self),
                                     expected.pixels(as: Float.self)) < 1e-5, "motion blur \(size) at \(angle)°")
        }
        for (mode, k, amount) in [(1, 3, 4), (1, 4, 9), (2, 2, 30), (2, 5, 7), (0, 3, 5), (1, 3, -25)] {
            let expected = try Self.image("sharpen_\(mode)_\(k)_" + (amount < 0 ? "m\(-amount)" : "\(amount)"))
            let result = face.blurSharpened(mode: SharpenMode(rawValue: mode)!, kernelSize: k, amount: amount)
            #expect(maxAbsDifference(result.pixels(as: Float.self), expected.pixels(as: Float.self)) < 1e-4, "mode \(mode) k \(k) amount \(amount)")
        }
    }

    @Test func theFadedCircleIsOneAtItsCentreAndFadesToZero() {
        var random = SeededRandom(seed: 3, stream: 0)
        for _ in 0..<20 {
            let values = SampleAugmentation.randomFadedCircle(size: 32, using: &random).pixels(as: Float.self)
            #expect(values.allSatisfy { (0...1).contains($0) } && values.max() == 1)
        }
    }

    static func syntheticSamples(count: Int, size: Int = 64, labelled: Bool = true) throws -> (TemporaryDirectory, [TrainingSample]) {
        let folder = try TemporaryDirectory("masque-xseg-samples")
        try SyntheticLabelledFaces.write(count: count, size: size, labelled: labelled, to: folder.url)
        return (folder, try TrainingSample.load(folder.url).samples)
    }

    @Test func trainingSamplesHaveABinaryMaskAndRepeatUnderTheSeed() throws {
        let (_, samples) = try Self.syntheticSamples(count: 4)
        #expect(samples.allSatisfy { $0.hasXSegLabels })
        let processor = XSegSampleProcessor(resolution: 64, faceType: .wholeFace, mode: .training, backgrounds: samples)
        for seed in UInt64(0)..<6 {
            var random = SeededRandom(seed: seed, stream: 0), again = SeededRandom(seed: seed, stream: 0)
            let output = try processor.process(samples[Int(seed) % 4], using: &random)
            let repeated = try processor.process(samples[Int(seed) % 4], using: &again)
            let mask = try #require(output.mask).pixels(as: Float.self)
            #expect(output.image.width == 64 && output.image.channels == 3 && output.target == nil)
            #expect(mask.count == 64 * 64 && mask.allSatisfy { $0 == 0 || $0 == 1 } && mask.contains(1))
            #expect(output.image.pixels(as: Float.self).allSatisfy { (0...1).contains($0) })
            #expect(output.image.pixels(as: Float.self) == repeated.image.pixels(as: Float.self) && repeated.mask?.pixels(as: Float.self) == mask)
        }
        var one = SeededRandom(seed: 1, stream: 0), two = SeededRandom(seed: 2, stream: 0)
        let (first, second) = (try processor.process(samples[0], using: &one), try processor.process(samples[0], using: &two))
        #expect(first.image.pixels(as: Float.self) != second.image.pixels(as: Float.self))
    }

    /// Faces drawn as their own truth (white where the mask is 1, black elsewhere): whatever the
    /// warps, background mixing and filters do, the mask stays on the bright part.
    @Test func theMaskFollowsTheFaceThroughEveryAugmentation() throws {
        let samples = (0..<4).map { index in
            let drawn = SyntheticLabelledFaces.face(index, size: 64, seed: 1)
            return TrainingSample(name: "\(index)", image: drawn.truth.converted(.grayToBgr).converted(to: .uint8),
                                  landmarks: SyntheticLabelledFaces.landmarks(size: 64), faceType: .wholeFace, xsegPolygons: drawn.polygons)
        }
        let processor = XSegSampleProcessor(resolution: 64, faceType: .wholeFace, mode: .training, backgrounds: samples)
        for seed in UInt64(0)..<16 {
            var random = SeededRandom(seed: seed, stream: 0)
            let output = try processor.process(samples[Int(seed) % 4], using: &random)
            let (pixels, mask) = (output.image.pixels(as: Float.self), try #require(output.mask).pixels(as: Float.self))
            var sums: [Float] = [0, 0], counts: [Float] = [0, 0]
            for i in 0..<mask.count {
                sums[Int(mask[i])] += (pixels[i * 3] + pixels[i * 3 + 1] + pixels[i * 3 + 2]) / 3
                counts[Int(mask[i])] += 1
            }
            let contrast = sums[1] / max(counts[1], 1) - sums[0] / max(counts[0], 1)
            #expect(contrast > 0.2, "seed \(seed): the masked part is only \(contrast) brighter")
        }
    }

    @Test func anAppliedMaskIsTheLabelWhenThereAreNoPolygonsAndPlainFacesAreOnlyResized() throws {
        var sample = try Self.syntheticSamples(count: 1, labelled: false).1[0]
        let processor = XSegSampleProcessor(resolution: 32, faceType: .wholeFace, mode: .training)
        #expect(throws: FacesetError.self) { try processor.labelMask(of: sample) }
        sample.xsegMask = Image(width: 16, height: 16, channels: 1, pixels: (0..<256).map { Float($0 % 16) / 15 })
        let label = try processor.labelMask(of: sample).pixels(as: Float.self)
        #expect(label.count == 64 * 64 && Set(label) == [0, 1], "resized to the face, binarised at 0.5")
        var random = SeededRandom(seed: 0, stream: 0)
        let plain = try XSegSampleProcessor(resolution: 32, faceType: .wholeFace, mode: .plain).process(sample, using: &random)
        let expected = sample.image.converted(to: .float32).resized(width: 32, height: 32, interpolation: .cubic)
        #expect(plain.mask == nil && maxAbsDifference(plain.image.pixels(as: Float.self), expected.pixels(as: Float.self)) < 1e-6)
    }

    @Test func aFaceOfAnotherTypeIsWarpedWithItsLandmarks() throws {
        let sample = try TrainingSample.load(ReferenceFixtures.url("faceset/aligned")).samples.first { $0.faceType == .wholeFace }!
        let processor = XSegSampleProcessor(resolution: 64, faceType: .full, mode: .plain)
        let matrix = FaceAlignment.transform(landmarks: sample.landmarks, size: 64, faceType: .full)
        let expected = sample.image.converted(to: .float32).warpedAffine(matrix, width: 64, height: 64, interpolation: .cubic, border: .constant(.zero))
        var random = SeededRandom(seed: 0, stream: 0)
        let plain = try processor.process(sample, using: &random)
        #expect(plain.image.pixels(as: Float.self) == expected.pixels(as: Float.self))
    }

    @Test func pretrainingSamplesTargetTheirOwnGrey() throws {
        let (_, samples) = try Self.syntheticSamples(count: 1, labelled: false)
        var random = SeededRandom(seed: 5, stream: 0)
        let output = try XSegSampleProcessor(resolution: 64, faceType: .wholeFace, mode: .pretraining).process(samples[0], using: &random)
        let target = try #require(output.target)
        #expect(target.channels == 1 && output.mask == nil)
        #expect(target.pixels(as: Float.self) == output.image.converted(.bgrToGray).pixels(as: Float.self))
    }

    @Test func theQueueMakesXSegBatchesFromTheSeed() throws {
        let (_, samples) = try Self.syntheticSamples(count: 3)
        let processor = XSegSampleProcessor(resolution: 64, faceType: .wholeFace, mode: .training, backgrounds: samples)
        let queue = SampleQueue(samples: samples, processor: processor, batchSize: 2, seed: 11, first: 3)
        let direct = SampleQueue(samples: samples, processor: processor, batchSize: 2, seed: 11, background: false)
        let (queued, made) = (try queue.next(), try direct.batch(3))
        #expect(queued.warped.shape == [2, 3, 64, 64] && queued.mask?.shape == [2, 1, 64, 64] && queued.target == nil)
        #expect(queued.warped.floats() == made.warped.floats() && queued.mask?.floats() == made.mask?.floats())
        queue.stop()
    }
}
