import FaceSet
import Foundation
import Imaging
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
@testable import Training

/// XSeg learns what its labels say (issue 12's Tests): trained as DFL trains it (its samples with
/// every augmentation, RMSprop at lr 1e-4 with lr_dropout) on synthetic faces whose labels keep a
/// face disc and exclude a rectangular "hand" over it, the network's masks of held-out faces match
/// the true masks (mean IoU above `threshold`) and leave most of the hand out; the same network
/// untrained scores below the threshold. DFL's network takes its base channel count as a
/// parameter (`XSeg(in_ch, base_ch, out_ch)`), so a small one at 64 px keeps this a CPU-sized run.
@Suite struct XSegLearningTests {
    static let resolution = 64, baseChannels = 8, batchSize = 8, steps = 100
    /// The mean IoU a trained network must exceed on the held-out faces. After 100 steps at DFL's
    /// learning rate the network has learnt the hand first (it keeps 0.28 of it, 0.86 untrained)
    /// and the IoU is 0.42 (0.28 untrained), still rising about 0.02 per 10 steps: a longer run
    /// passes a higher bar, but this one must stay CPU-sized.
    static let threshold: Float = 0.38
    /// The largest share of the hand (where it covers the disc) the trained masks may keep.
    static let handLimit: Float = 0.35

    /// Mean IoU of the network's masks (binarised at 0.5) with the true masks over `faces`, and the
    /// share of hand-on-disc pixels the masks keep.
    static func scores(_ network: XSegNetwork, faces: [(image: Image, truth: [Float], hand: [Float])]) throws -> (iou: Float, hand: Float) {
        let model = XSegModel(network: network)
        var iou: Float = 0, kept: Float = 0, handPixels: Float = 0
        for face in faces {
            let mask = model.masks(try face.image.tensor()).floats().map { $0 >= 0.5 ? Float(1) : 0 }
            let intersection = zip(mask, face.truth).map { $0 * $1 }.reduce(0, +)
            let union = zip(mask, face.truth).map { max($0, $1) }.reduce(0, +)
            iou += union > 0 ? intersection / union : 1
            kept += zip(mask, face.hand).map { $0 * $1 }.reduce(0, +)
            handPixels += face.hand.reduce(0, +)
        }
        return (iou / Float(faces.count), kept / max(handPixels, 1))
    }

    /// Held-out faces (series numbers the training faces do not use), read back from their JPEGs
    /// as the training faces are: the image, the true mask and the hand where it covers the disc.
    static func heldOut(in folder: URL) throws -> [(image: Image, truth: [Float], hand: [Float])] {
        let first = 100, count = 8
        try SyntheticLabelledFaces.write(count: count, first: first, size: resolution, to: folder)
        let samples = try TrainingSample.load(folder).samples
        return try (0..<count).map { offset in
            let drawn = SyntheticLabelledFaces.face(first + offset, size: resolution, seed: 1)
            let sample = try #require(samples.first { $0.name.hasSuffix(String(format: "%05d_0.jpg", first + offset)) })
            let disc = XSegPolygon.mask([drawn.polygons[0]], width: resolution, height: resolution).pixels(as: Float.self)
            let truth = drawn.truth.pixels(as: Float.self)
            return (sample.image.converted(to: .float32), truth, zip(disc, truth).map { max($0 - $1, 0) })
        }
    }

    @Test func trainingOnLabelledFacesLearnsToExcludeTheHand() throws {
        let folder = try TemporaryDirectory("masque-xseg-learning")
        try SyntheticLabelledFaces.write(count: 16, size: Self.resolution, to: folder.file("train"))
        let samples = try TrainingSample.load(folder.file("train")).samples
        let faces = try Self.heldOut(in: folder.file("held-out"))
        let options = try XSegOptions.resolve(given: ["batch_size": .int(Self.batchSize)]).values
        let network = XSegNetwork(resolution: Self.resolution, baseChannels: Self.baseChannels, generator: try Generator(seed: 5))
        let model = try XSegTrainingModel(network: network, options: options, seed: 5)
        let untrained = try Self.scores(network, faces: faces)

        let processor = XSegSampleProcessor(resolution: Self.resolution, faceType: .wholeFace, mode: .training, backgrounds: samples)
        let queue = SampleQueue(samples: samples, processor: processor, batchSize: Self.batchSize, seed: 7)
        defer { queue.stop() }
        for _ in 0..<Self.steps { _ = try model.train([try queue.next()]) }
        let trained = try Self.scores(network, faces: faces)

        #expect(untrained.iou < Self.threshold, "an untrained network must fail the threshold: IoU \(untrained.iou)")
        #expect(trained.iou > Self.threshold, "IoU \(trained.iou) after \(Self.steps) steps (untrained \(untrained.iou))")
        #expect(trained.hand < Self.handLimit, "the masks keep \(trained.hand) of the hand (untrained \(untrained.hand))")
    }
}
