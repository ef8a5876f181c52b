import Foundation
@testable import Imaging
import Tensors
import Testing
import TestSupport

/// DFL's colour transfers (dfl-reference §8.4) against the NumPy/OpenCV reference of
/// `Tests/Reference/make_color_transfer_fixtures.py`, which also supplies the random rotations
/// (idt) and directions (sot) it drew, replayed here through the internal entry points.
@Suite struct ColorTransferTests {
    static func tensor(_ name: String) throws -> Tensor {
        try #require(try ReferenceFixtures.tensors("color_transfer/fixtures.safetensors")[name], "fixture \(name)")
    }

    static func image(_ name: String) throws -> Image {
        let tensor = try tensor(name)
        let shape = tensor.shape
        return Image(width: shape[1], height: shape[0], channels: shape[2], pixels: tensor.floats())
    }

    static func rotations(_ name: String) throws -> [[Float]] {
        let values = try tensor(name).floats()
        return stride(from: 0, to: values.count, by: 9).map { Array(values[$0..<$0 + 9]) }
    }

    static func directions(_ name: String) throws -> [[SIMD3<Float>]] {
        let tensor = try tensor(name)
        let values = tensor.floats()
        let batch = tensor.shape[1]
        return (0..<tensor.shape[0]).map { step in
            (0..<batch).map { k in
                let start = (step * batch + k) * 3
                return SIMD3(values[start], values[start + 1], values[start + 2])
            }
        }
    }

    /// The largest difference from the fixture `out_<name>`.
    static func difference(_ actual: Image, _ name: String) throws -> Float {
        let expected = try image("out_\(name)")
        #expect(actual.width == expected.width && actual.height == expected.height && actual.channels == 3
            && actual.format == .float32, "\(name): \(actual.width)x\(actual.height)x\(actual.channels) \(actual.format)")
        return maxAbsDifference(actual.pixels(as: Float.self), expected.pixels(as: Float.self))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let mode: ColorTransfer
        let fixture: String
        let masked: Bool
        /// Largest allowed |Masque − reference| per value, on the 0…1 scale.
        let tolerance: Float
        var testDescription: String { fixture }
    }

    // Tolerances on the 0…1 scale, with the largest differences measured (in parentheses).
    // rct (3.9e-7, masked 3.6e-7), lct (1.2e-7), mkl (5.4e-7, mkl-m 1.2e-7): the reference keeps
    // float32 means and OpenBLAS's float32 sums where Masque sums in double, and converts Lab with
    // OpenCV 4.12 against the system's OpenCV; a few float32 steps at 1.0: 5e-6.
    // sot (6.6e-7, sot-m 3.6e-7): float32 on both sides and OpenCV's bilateral filter on both,
    // the projections summed in the same order: 5e-6.
    // idt (0, idt-m 0): Masque repeats the reference's float32 steps (the projection as
    // OpenBLAS's fused multiply-adds, NumPy's float32 histogram edges and bin rule, np.interp's
    // rule for repeated x): bit-exact; 1e-6 still catches a value moved across a bin edge.
    // mix-m (0): uint8 on both sides; one uint8 step would be 1/255, so 1e-6 demands the same bytes.
    static let cases: [Case] = [
        Case(mode: .rct, fixture: "rct", masked: false, tolerance: 5e-6),
        Case(mode: .rct, fixture: "rct_masked", masked: true, tolerance: 5e-6),
        Case(mode: .lct, fixture: "lct", masked: false, tolerance: 5e-6),
        Case(mode: .mkl, fixture: "mkl", masked: false, tolerance: 5e-6),
        Case(mode: .mklMasked, fixture: "mkl_m", masked: true, tolerance: 5e-6),
        Case(mode: .idt, fixture: "idt", masked: false, tolerance: 1e-6),
        Case(mode: .idtMasked, fixture: "idt_m", masked: true, tolerance: 1e-6),
        Case(mode: .sot, fixture: "sot", masked: false, tolerance: 5e-6),
        Case(mode: .sotMasked, fixture: "sot_m", masked: true, tolerance: 5e-6),
        Case(mode: .mix, fixture: "mix_m", masked: true, tolerance: 1e-6),
    ]

    static func draws(for mode: ColorTransfer) throws -> ColorTransferDraws {
        switch mode {
        case .idt: ColorTransferDraws(rotations: try rotations("rotations_idt"))
        case .idtMasked: ColorTransferDraws(rotations: try rotations("rotations_idt_m"))
        case .sot: ColorTransferDraws(directions: try directions("directions_sot"))
        case .sotMasked: ColorTransferDraws(directions: try directions("directions_sot_m"))
        case .mix: ColorTransferDraws(directions: try directions("directions_mix_m"))
        case .rct, .lct, .mkl, .mklMasked: .none
        }
    }

    @Test(arguments: cases)
    func matchesTheReference(_ testCase: Case) throws {
        let result = try testCase.mode.apply(
            try Self.image("image"), reference: try Self.image("reference"),
            imageMask: testCase.masked ? try Self.image("image_mask") : nil,
            referenceMask: testCase.masked ? try Self.image("reference_mask") : nil,
            draws: try Self.draws(for: testCase.mode))
        let difference = try Self.difference(result, testCase.fixture)
        #expect(difference <= testCase.tolerance, "\(testCase.fixture): \(difference) from the reference")
    }

    @Test(arguments: [255, 238])
    func histogramMatchMatchesTheReference(threshold: Int) throws {
        let result = try HistogramMatch.apply(try Self.image("hist_image"), reference: try Self.image("hist_reference"),
                                              threshold: threshold)
        // float64 quantiles and interpolation on both sides, cast to float32 once; measured 0: 1e-6.
        let difference = try Self.difference(result, "hist_\(threshold)")
        #expect(difference <= 1e-6, "hist_\(threshold): \(difference) from the reference")
    }

    @Test func histogramMatchCopiesExtraChannels() throws {
        let bgr = try Self.image("hist_image").pixels(as: Float.self)
        let pixelCount = bgr.count / 3
        var bgra = [Float](repeating: 0, count: pixelCount * 4)
        for pixel in 0..<pixelCount {
            for channel in 0..<3 { bgra[pixel * 4 + channel] = bgr[pixel * 3 + channel] }
            bgra[pixel * 4 + 3] = Float(pixel % 7) / 7
        }
        let image = Image(width: 24, height: 20, channels: 4, pixels: bgra)
        let result = try HistogramMatch.apply(image, reference: try Self.image("hist_reference")).pixels(as: Float.self)
        let expected = try Self.image("out_hist_255").pixels(as: Float.self)
        var colours = [Float]()
        for pixel in 0..<pixelCount {
            #expect(result[pixel * 4 + 3] == bgra[pixel * 4 + 3], "alpha of pixel \(pixel)")
            colours += result[pixel * 4..<pixel * 4 + 3]
        }
        #expect(maxAbsDifference(colours, expected) <= 1e-6)
    }

    @Test func theTableHoldsDFLsNames() {
        #expect(ColorTransfer.allCases.map(\.rawValue).sorted()
            == ["idt", "idt-m", "lct", "mix-m", "mkl", "mkl-m", "rct", "sot", "sot-m"])
        #expect(ColorTransfer.trainingModes.map(\.rawValue) == ["rct", "lct", "mkl", "idt", "sot"])
        #expect(ColorTransfer.mergerModes.map(\.rawValue) == ["rct", "lct", "mkl", "mkl-m", "idt", "idt-m", "sot-m", "mix-m"])
        for mode in ColorTransfer.allCases {
            #expect(ColorTransfer(rawValue: mode.rawValue) == mode)
        }
        #expect(ColorTransfer.allCases.filter(\.usesMasks) == [.rct, .mklMasked, .idtMasked, .sotMasked, .mix])
    }

    @Test(arguments: ColorTransfer.allCases)
    func randomDrawsComeFromTheGenerator(mode: ColorTransfer) throws {
        let image = try Self.image("image"), reference = try Self.image("reference")
        let imageMask = try Self.image("image_mask"), referenceMask = try Self.image("reference_mask")
        var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7)
        let a = try mode.apply(image, reference: reference, imageMask: imageMask, referenceMask: referenceMask, using: &first)
        let b = try mode.apply(image, reference: reference, imageMask: imageMask, referenceMask: referenceMask, using: &second)
        #expect(a == b, "\(mode): one seed, two results")
        let values = a.pixels(as: Float.self)
        #expect(values.allSatisfy { (0...1).contains($0) }, "\(mode): values outside 0…1")
        #expect(a.width == image.width && a.height == image.height && a.channels == 3)
    }

    @Test func drawsHaveDFLsCountsAndShapes() {
        var random = SeededGenerator(seed: 11)
        let idt = ColorTransferDraws.drawn(for: .idt, using: &random)
        #expect(idt.rotations.count == 20 && idt.directions.isEmpty)
        for rotation in idt.rotations {
            let matrix = Matrix3(rotation.map(Double.init))
            let gram = matrix * matrix.transposed
            #expect(zip(gram.entries, Matrix3.identity.entries).allSatisfy { abs($0 - $1) < 1e-6 })
            #expect(abs(matrix.determinant - 1) < 1e-6)
        }
        for (mode, batch) in [(ColorTransfer.sot, 5), (.sotMasked, 30), (.mix, 5)] {
            let draws = ColorTransferDraws.drawn(for: mode, using: &random)
            #expect(draws.directions.count == 10 && draws.directions.allSatisfy { $0.count == batch })
            #expect(draws.directions.joined().allSatisfy { abs(($0 * $0).sum() - 1) < 1e-6 })
        }
        #expect(ColorTransferDraws.drawn(for: .mkl, using: &random).rotations.isEmpty)
    }

    @Test func modesWithoutMasksIgnoreThem() throws {
        let image = try Self.image("image"), reference = try Self.image("reference")
        let imageMask = try Self.image("image_mask"), referenceMask = try Self.image("reference_mask")
        for mode in [ColorTransfer.lct, .mkl] {
            let plain = try mode.apply(image, reference: reference, draws: .none)
            let withMasks = try mode.apply(image, reference: reference, imageMask: imageMask, referenceMask: referenceMask,
                                           draws: .none)
            #expect(plain == withMasks, "\(mode)")
        }
    }

    @Test func referencesOfAnotherSizeWorkWhereDFLAllowsThem() throws {
        let image = try Self.image("image")
        let reference = try Self.image("reference").resized(width: 17, height: 13, interpolation: .linear)
        var random = SeededGenerator(seed: 3)
        for mode in [ColorTransfer.rct, .lct, .mkl, .mklMasked, .idt, .idtMasked] {
            let result = try mode.apply(image, reference: reference, using: &random)
            #expect(result.width == 24 && result.height == 20, "\(mode)")
        }
        for mode in [ColorTransfer.sot, .sotMasked, .mix] {
            #expect(throws: ColorTransferError.self, "\(mode)") { try mode.apply(image, reference: reference, using: &random) }
        }
    }

    @Test func badInputsGiveOneLineErrors() throws {
        let image = try Self.image("image"), reference = try Self.image("reference")
        let mask = try Self.image("image_mask")
        var random = SeededGenerator(seed: 5)
        let uint8Image = Image(width: 24, height: 20, channels: 3, format: .uint8)
        let bgra = Image(width: 24, height: 20, channels: 4, format: .float32)
        let threeChannelMask = Image(width: 24, height: 20, channels: 3, format: .float32)
        let smallMask = Image(width: 12, height: 10, channels: 1, format: .float32)
        let failures: [(String, () throws(ColorTransferError) -> Image)] = [
            ("uint8 image", { () throws(ColorTransferError) in try ColorTransfer.rct.apply(uint8Image, reference: reference, using: &random) }),
            ("4-channel reference", { () throws(ColorTransferError) in try ColorTransfer.lct.apply(image, reference: bgra, using: &random) }),
            ("3-channel mask", { () throws(ColorTransferError) in
                try ColorTransfer.mklMasked.apply(image, reference: reference, imageMask: threeChannelMask, using: &random)
            }),
            ("small mask", { () throws(ColorTransferError) in
                try ColorTransfer.rct.apply(image, reference: reference, referenceMask: smallMask, using: &random)
            }),
            ("other size", { () throws(ColorTransferError) in
                try ColorTransfer.sot.apply(image, reference: mask.converted(.grayToBgr).resized(width: 10, height: 10, interpolation: .linear), using: &random)
            }),
            ("threshold", { () throws(ColorTransferError) in try HistogramMatch.apply(image, reference: reference, threshold: 256) }),
            ("uint8 histogram reference", { () throws(ColorTransferError) in try HistogramMatch.apply(image, reference: uint8Image) }),
        ]
        for (label, body) in failures {
            do {
                _ = try body()
                Issue.record("\(label): no error")
            } catch {
                #expect(!error.message.contains("\n") && !error.message.isEmpty, "\(label): \(error.message)")
            }
        }
        #expect(ColorTransferError.sizeMismatch(operation: "color transfer sot", role: "reference", width: 10, height: 10,
                                                expectedWidth: 24, expectedHeight: 20).message
            == "color transfer sot: the reference is 10x10 but must be 24x20 (resize it to match)")
    }

    @Test func stableOrderSortsWithTiesByIndex() {
        var random = SeededGenerator(seed: 9)
        let values: [Float] = (0..<5000).map { index in
            switch index % 5 {
            case 0: 0
            case 1: -0.0
            case 2: Float(Int.random(in: -20...20, using: &random)) / 4
            default: Float.random(in: -1e6...1e6, using: &random)
            }
        } + [.infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let expected = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        #expect(StableFloatOrder.ascending(values) == expected)
    }

    @Test func symmetricEigenDecompositionReconstructsTheMatrix() {
        let matrix = Matrix3([4, 1, -2, 1, 3, 0.5, -2, 0.5, 5])
        let (values, vectors) = matrix.symmetricEigen
        let rebuilt = vectors * Matrix3.diagonal(values) * vectors.transposed
        #expect(zip(rebuilt.entries, matrix.entries).allSatisfy { abs($0 - $1) < 1e-12 })
        let orthogonality = vectors.transposed * vectors
        #expect(zip(orthogonality.entries, Matrix3.identity.entries).allSatisfy { abs($0 - $1) < 1e-12 })
        let product = matrix * matrix.inverse
        #expect(zip(product.entries, Matrix3.identity.entries).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
