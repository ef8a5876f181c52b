import Foundation
@testable import Models
import NN
import Support
import Tensors
import Testing
import TestSupport
import Training

/// SAEHD's generator step on two small synthetic "facesets": the loss falls, the options pick
/// the optimizer and its rules, and LIAE without random warp leaves inter_AB alone.
@Suite struct SAEHDTrainingStepTests {
    static let tiny: [String: OptionValue] = ["resolution": .int(64), "ae_dims": .int(32), "e_dims": .int(16),
                                              "d_dims": .int(16), "d_mask_dims": .int(16)]

    /// `count` faces of one "person": a disc of `colour` with two dark eyes on a grey ground,
    /// shifted a little per face; its mask is the disc.
    static func faces(count: Int, colour: (Float, Float, Float), seed: UInt64) throws -> SAEHDTrainingStep.Side {
        let size = 64
        var pixels: [Float] = [], masks: [Float] = [], eyes: [Float] = []
        var random = SeededGenerator(seed: seed)
        for _ in 0..<count {
            let (cx, cy) = (Float(32 + Int.random(in: -4...4, using: &random)), Float(34 + Int.random(in: -3...3, using: &random)))
            var face = [[Float]](repeating: [Float](repeating: 0.5, count: size * size), count: 3)
            var mask = [Float](repeating: 0, count: size * size), eye = [Float](repeating: 0, count: size * size)
            for y in 0..<size {
                for x in 0..<size {
                    let (dx, dy) = (Float(x) - cx, Float(y) - cy)
                    guard dx * dx / 400 + dy * dy / 576 < 1 else { continue }
                    let shade: Float = 1 - 0.3 * (dy + 24) / 48
                    face[0][y * size + x] = colour.0 * shade
                    face[1][y * size + x] = colour.1 * shade
                    face[2][y * size + x] = colour.2 * shade
                    mask[y * size + x] = 1
                    let (ex, ey): (Float, Float) = (abs(dx) - 8, dy + 6)
                    let onEye = ex * ex + ey * ey < 9
                    if onEye {
                        for c in 0..<3 { face[c][y * size + x] = 0.1 }
                        eye[y * size + x] = 1
                    }
                }
            }
            pixels += face.flatMap { $0 }
            masks += mask
            eyes += eye
        }
        let images = Tensor(pixels, shape: [count, 3, size, size])
        return SAEHDTrainingStep.Side(warped: images, target: images, mask: Tensor(masks, shape: [count, 1, size, size]),
                                      eyesMouthMask: Tensor(eyes, shape: [count, 1, size, size]))
    }

    static func step(_ given: [String: OptionValue], seed: UInt64 = 1) throws -> SAEHDTrainingStep {
        let options = try SAEHDOptions.resolve(given: tiny.merging(given) { $1 }).values
        let (architecture, dimensions) = try SAEHDOptions.network(options)
        let generator = try Generator(seed: seed)
        return SAEHDTrainingStep(network: SAEHDNetwork(architecture: architecture, dimensions: dimensions, generator: generator),
                                 options: options, generator: generator)
    }

    @Test func lossFallsOnTwoSyntheticFacesets() throws {
        let source = try Self.faces(count: 2, colour: (0.55, 0.65, 0.9), seed: 1)
        let destination = try Self.faces(count: 2, colour: (0.8, 0.6, 0.5), seed: 2)
        let step = try Self.step([:])
        var history: [(source: Float, destination: Float)] = []
        for _ in 0..<50 { history.append(try step(source: source, destination: destination)) }
        let first = history[0], last = history.suffix(10)
        let lastSource = last.map(\.source).reduce(0, +) / 10, lastDestination = last.map(\.destination).reduce(0, +) / 10
        #expect(history.allSatisfy { $0.source.isFinite && $0.destination.isFinite })
        #expect(lastSource < 0.6 * first.source, "src loss \(first.source) → \(lastSource)")
        #expect(lastDestination < 0.6 * first.destination, "dst loss \(first.destination) → \(lastDestination)")
    }

    @Test func optionsChooseTheOptimizerAndItsRules() throws {
        let adaBelief = try Self.step([:])
        #expect(adaBelief.optimizer is AdaBelief)
        #expect(adaBelief.optimizer.rules == UpdateRules(learningRate: 5e-5))
        let rmsprop = try Self.step(["adabelief": .bool(false), "lr_dropout": .string("y"), "clipgrad": .bool(true)])
        #expect(rmsprop.optimizer is RMSprop)
        #expect(rmsprop.optimizer.rules == UpdateRules(learningRate: 5e-5, lrDropout: 0.3, lrCosinePeriod: 500, clipNorm: 1))
        let pretraining = try Self.step(["lr_dropout": .string("cpu"), "pretrain": .bool(true)])
        #expect(pretraining.optimizer.rules.lrDropout == nil, "no learning-rate dropout in pretraining")
    }

    @Test func liaeWithoutRandomWarpLeavesInterABAlone() throws {
        let source = try Self.faces(count: 2, colour: (0.5, 0.6, 0.9), seed: 3)
        let destination = try Self.faces(count: 2, colour: (0.8, 0.6, 0.5), seed: 4)
        for warp in [true, false] {
            let step = try Self.step(["random_warp": .bool(warp)])
            let before = step.network.namedParameters().map { ($0.name, $0.parameter.value.floats()) }
            try step(source: source, destination: destination)
            for ((name, old), (_, parameter)) in zip(before, step.network.namedParameters()) {
                let changed = old != parameter.value.floats()
                if name.hasPrefix("inter_AB.") && !warp {
                    #expect(!changed, "\(name) must stay frozen without random warp")
                } else if name.hasSuffix(".weight") {
                    #expect(changed, "\(name) was not trained (random_warp \(warp))")
                }
            }
        }
    }
}
