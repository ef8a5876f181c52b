import FaceGeometry
import Foundation
import Imaging
import Testing
import TestSupport
@testable import Training

/// The sample options of §5.4 and §7: `random_hsv_power` shifts only the network's input, by
/// DFL's amounts; `uniform_yaw` bins faces by head turn and draws bins evenly.
@Suite struct SampleOptionsTests {
    /// A smooth colourful float BGR image, no grey pixels (their hue is undefined).
    static func colourful(size: Int = 16) -> Image {
        var pixels: [Float] = []
        for y in 0..<size {
            for x in 0..<size {
                pixels += [0.2 + 0.5 * Float(x) / Float(size), 0.7 - 0.4 * Float(y) / Float(size), 0.9]
            }
        }
        return Image(width: size, height: size, channels: 3, pixels: pixels)
    }

    @Test(arguments: [0.05, 0.3])
    func hsvShiftMovesHueByWholeDegreesAndSaturationAndValueByOneAmount(power: Double) throws {
        let image = Self.colourful()
        var random = SeededRandom(seed: 11, stream: 0)
        let shifted = SampleProcessor.hsvShifted(image, power: power, using: &random)
        let (before, after) = (image.converted(.bgrToHsv).pixels(as: Float.self), shifted.converted(.bgrToHsv).pixels(as: Float.self))
        let hueAmount = Float(max(1, Int(360 * power * 0.5)))
        var hueShifts: Set<Int> = [], saturationShifts: [Float] = [], valueShifts: [Float] = []
        for i in stride(from: 0, to: before.count, by: 3) {
            var dh = after[i] - before[i]
            if dh > 180 { dh -= 360 }
            if dh < -180 { dh += 360 }
            hueShifts.insert(Int(dh.rounded()))
            #expect(abs(dh) <= hueAmount + 0.05)
            if after[i + 1] > 0.001, after[i + 1] < 0.999 { saturationShifts.append(after[i + 1] - before[i + 1]) }
            if after[i + 2] > 0.001, after[i + 2] < 0.999 { valueShifts.append(after[i + 2] - before[i + 2]) }
        }
        #expect(hueShifts.count <= 2, "one hue shift for every pixel (±1 for rounding): \(hueShifts)")
        for shifts in [saturationShifts, valueShifts] where !shifts.isEmpty {
            #expect(shifts.max()! - shifts.min()! < 2e-3, "one shift for every unclipped pixel")
            #expect(abs(shifts[0]) <= Float(power / 2) + 1e-3)
        }
    }

    @Test func hsvPowerShiftsTheInputButNotTheTarget() throws {
        let sample = try #require(TrainingSample.load(ReferenceFixtures.url("faceset/aligned")).samples.first)
        var still = SampleWarp.Ranges()
        (still.rotation, still.scale, still.translation, still.flip) = (0...0, 0...0, 0...0, false)
        let plain = SampleProcessor(resolution: 64, faceType: sample.faceType, randomWarp: false, ranges: still)
        var shifted = plain
        shifted.hsvPower = 0.3
        var a = SeededRandom(seed: 3, stream: 0), b = SeededRandom(seed: 3, stream: 0)
        let (withoutShift, withShift) = (try plain.process(sample, using: &a), try shifted.process(sample, using: &b))
        #expect(withShift.target.pixels(as: Float.self) == withoutShift.target.pixels(as: Float.self))
        #expect(maxAbsDifference(withShift.warped.pixels(as: Float.self), withoutShift.warped.pixels(as: Float.self)) > 0.01)
    }

    @Test func yawBinsFollowDFLsEdges() {
        let edges = (0..<128).map { -1.2 + 2.4 * Double($0) / 127 }
        #expect(SamplePicker.bin(-3, edges: edges) == 0)
        #expect(SamplePicker.bin(-1.2, edges: edges) == 0)
        #expect(SamplePicker.bin(-1.2 + 2.4 / 127 + 1e-9, edges: edges) == 1)
        #expect(SamplePicker.bin(0, edges: edges) == 63)
        #expect(SamplePicker.bin(1.2 - 1e-9, edges: edges) == 126)
        #expect(SamplePicker.bin(1.2, edges: edges) == 127)
        #expect(SamplePicker.bin(2, edges: edges) == 127)
    }

    @Test func uniformYawDrawsBinsEvenlyNotFaces() {
        let picker = SamplePicker(bins: [[0], Array(1..<100)])
        var random = SeededRandom(seed: 5, stream: 0)
        let picks = (0..<2000).map { _ in picker.pick(using: &random) }
        let lonely = picks.filter { $0 == 0 }.count
        #expect(abs(lonely - 1000) < 120, "the one profile face is drawn about half the time: \(lonely) of 2000")
    }

    @Test func everyFaceLandsInOneYawBin() throws {
        let faces = try TrainingSample.load(ReferenceFixtures.url("faceset/aligned")).samples
        let byYaw = SamplePicker(yawOf: faces)
        #expect(byYaw.bins.flatMap { $0 }.sorted() == Array(0..<faces.count))
    }

    /// `ct_mode`: the src face (input and target alike) takes on the colour of the dst face it is
    /// paired with; its mean colour moves to the reference's.
    @Test(arguments: [ColorTransfer.rct, .lct, .mkl, .idt, .sot])
    func colourTransferRecoloursTowardsTheReference(mode: ColorTransfer) throws {
        let samples = try TrainingSample.load(ReferenceFixtures.url("faceset/aligned")).samples
        let sample = samples[0]
        var reference = samples[1]
        let bluish = reference.image.converted(to: .float32).pixels(as: Float.self).enumerated().map { index, value in
            index % 3 == 0 ? min(1, value * 0.5 + 0.5) : value * 0.6
        }
        reference.image = Image(width: reference.image.width, height: reference.image.height, channels: 3, pixels: bluish)
        var still = SampleWarp.Ranges()
        (still.rotation, still.scale, still.translation, still.flip) = (0...0, 0...0, 0...0, false)
        let plain = SampleProcessor(resolution: 64, faceType: sample.faceType, randomWarp: false, ranges: still)
        var recoloured = plain
        recoloured.colorTransfer = mode
        var a = SeededRandom(seed: 4, stream: 0), b = SeededRandom(seed: 4, stream: 0)
        let before = try plain.process(sample, using: &a), after = try recoloured.process(sample, colorReference: reference, using: &b)
        func meanBlue(_ image: Image) -> Float {
            let values = image.pixels(as: Float.self)
            return stride(from: 0, to: values.count, by: 3).map { values[$0] - values[$0 + 2] }.reduce(0, +) / Float(values.count / 3)
        }
        let target = meanBlue(reference.image.resized(width: 64, height: 64, interpolation: .linear))
        #expect(abs(meanBlue(after.target) - target) < abs(meanBlue(before.target) - target) / 2,
                "\(mode): blue−red \(meanBlue(before.target)) → \(meanBlue(after.target)), reference \(target)")
        #expect(after.warped.pixels(as: Float.self) == after.target.pixels(as: Float.self), "input and target are recoloured alike")
    }
}
