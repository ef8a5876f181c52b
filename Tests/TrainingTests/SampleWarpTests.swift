import Foundation
import Imaging
import Tensors
import Testing
import TestSupport
@testable import Training

/// DFL's sample warp (§7.2): the same parameters give the same pixels as the NumPy/OpenCV
/// reference (`Tests/Reference/make_sample_warp_fixtures.py`), and random draws stay in DFL's ranges.
@Suite struct SampleWarpTests {
    static func image(_ tensor: Tensor) -> Image {
        let shape = tensor.shape
        return Image(width: shape[1], height: shape[0], channels: shape.count == 3 ? shape[2] : 1, pixels: tensor.floats())
    }

    @Test(arguments: [0, 1, 2])
    func theSameParametersGiveTheReferencesPixels(caseIndex: Int) throws {
        let fixture = try ReferenceFixtures.tensors("samples/warp.safetensors")
        func array(_ name: String) throws -> Tensor { try #require(fixture["c\(caseIndex)_\(name)"], "c\(caseIndex)_\(name)") }
        let p = try array("params").toArray(of: Double.self)
        let grid = try array("grid").floats()
        let warp = SampleWarp(size: Int(p[0]), rotation: p[1], scale: p[2], translation: SIMD2(p[3], p[4]), flip: p[5] != 0,
                              cellSize: Int(p[6]), controlX: stride(from: 0, to: grid.count, by: 2).map { grid[$0] },
                              controlY: stride(from: 1, to: grid.count, by: 2).map { grid[$0] })
        let face = Self.image(try array("face")), mask = Self.image(try array("mask"))
        let outputs: [(String, Image)] = [
            ("face_warped", warp.apply(to: face, warp: true, transform: true, isMask: false)),
            ("face_target", warp.apply(to: face, warp: false, transform: true, isMask: false)),
            ("mask_target", warp.apply(to: mask, warp: false, transform: true, isMask: true)),
        ]
        for (name, output) in outputs {
            let reference = try array(name).floats()
            let difference = maxAbsDifference(output.pixels(as: Float.self), reference)
            // OpenCV on both sides. remap and warpAffine quantise source coordinates to 1/32 px, so
            // a last-bit difference in a coordinate can move one sample a step: seen up to 2.1e-4.
            #expect(difference < 1e-3, "case \(caseIndex) \(name): \(difference) from the reference")
        }
    }

    @Test func randomDrawsStayInDFLsRanges() throws {
        var random = SeededGenerator(seed: 9)
        var flips = 0, cells = Set<Int>()
        for _ in 0..<400 {
            let warp = SampleWarp.random(size: 128, ranges: .saehd, using: &random)
            #expect((-10...10).contains(warp.rotation))
            #expect((1 / 1.15...1.15).contains(warp.scale))
            #expect(abs(warp.translation.x) <= 0.05 && abs(warp.translation.y) <= 0.05)
            cells.insert(warp.cellSize)
            if warp.flip { flips += 1 }
            let count = 128 / warp.cellSize + 1
            #expect(warp.controlX.count == count * count)
            for row in 0..<count {
                for column in 0..<count {
                    let (x, y) = (warp.controlX[row * count + column], warp.controlY[row * count + column])
                    let base = SIMD2(Float(column * 128) / Float(count - 1), Float(row * 128) / Float(count - 1))
                    let border = row == 0 || column == 0 || row == count - 1 || column == count - 1
                    let limit = border ? 0 : 0.24 * Float(warp.cellSize) + 1e-4
                    #expect(abs(x - base.x) <= limit && abs(y - base.y) <= limit)
                }
            }
        }
        #expect(cells == [16, 32, 64])
        #expect((120...200).contains(flips), "flips in 400 draws: \(flips) (DFL: 40 %)")
        var small = SeededGenerator(seed: 1)
        #expect(SampleWarp.random(size: 32, using: &small).size == 64, "samples under 64 px are warped at 64")
    }
}
