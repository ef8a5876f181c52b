import Foundation
import Imaging
@testable import Merger
import Support
import Tensors
import TestSupport
import Testing
import Training

/// Masque's merger against `Tests/Reference/make_merge_fixtures.py`: DFL's `MergeMaskedFace` and
/// `MergeMasked` redone with NumPy and OpenCV on whole frames, the networks replaced by fixed arrays
/// that both sides use.
@Suite struct FaceMergerReferenceTests {
    /// Each case's settings as DFL's keys, over the reference's defaults (no colour transfer).
    static let cases: [(name: String, settings: [String: OptionValue])] = [
        ("overlay_learned", [:]),
        ("overlay_rct_erode_blur", ["color_transfer_mode": .string("rct"), "erode_mask_modifier": .int(20), "blur_mask_modifier": .int(40), "mask_mode": .int(1)]),
        ("overlay_lct_dilate", ["color_transfer_mode": .string("lct"), "erode_mask_modifier": .int(-20), "blur_mask_modifier": .int(10), "mask_mode": .int(5)]),
        ("overlay_mklm_scale", ["color_transfer_mode": .string("mkl-m"), "output_face_scale": .int(10), "mask_mode": .int(2), "blur_mask_modifier": .int(20)]),
        ("overlay_mkl_full", ["color_transfer_mode": .string("mkl"), "mask_mode": .int(0), "blur_mask_modifier": .int(24)]),
        ("hist_match", ["mode": .string("hist-match"), "mask_mode": .int(3), "blur_mask_modifier": .int(16)]),
        ("hist_match_unmasked", ["mode": .string("hist-match"), "masked_hist_match": .bool(false), "hist_match_threshold": .int(200), "mask_mode": .int(1)]),
        ("seamless", ["mode": .string("seamless"), "mask_mode": .int(1), "erode_mask_modifier": .int(10), "blur_mask_modifier": .int(30)]),
        ("seamless_rct", ["mode": .string("seamless"), "color_transfer_mode": .string("rct"), "mask_mode": .int(4), "blur_mask_modifier": .int(20)]),
        ("seamless_hist", ["mode": .string("seamless-hist-match"), "hist_match_threshold": .int(255), "mask_mode": .int(1)]),
        ("raw_rgb", ["mode": .string("raw-rgb"), "mask_mode": .int(4)]),
        ("raw_predict", ["mode": .string("raw-predict"), "mask_mode": .int(4)]),
        ("original", ["mode": .string("original"), "mask_mode": .int(5), "erode_mask_modifier": .int(-10)]),
        ("xseg_prd_dst", ["mask_mode": .int(8), "blur_mask_modifier": .int(30)]),
        ("learned_xseg", ["mask_mode": .int(9), "color_transfer_mode": .string("rct")]),
        ("motion_sharpen", ["mask_mode": .int(1), "motion_blur_power": .int(50), "sharpen_mode": .string("box"), "blursharpen_amount": .int(20), "blur_mask_modifier": .int(20)]),
        ("gaussian_soften", ["mask_mode": .int(1), "sharpen_mode": .string("gaussian"), "blursharpen_amount": .int(-15), "blur_mask_modifier": .int(12)]),
        ("degrade", ["mask_mode": .int(1), "image_denoise_power": .int(150), "bicubic_degrade_power": .int(30), "blur_mask_modifier": .int(20)]),
        ("super_resolution", ["mask_mode": .int(4), "super_resolution_power": .int(60), "color_transfer_mode": .string("rct"), "blur_mask_modifier": .int(40)]),
        ("two_faces", ["mask_mode": .int(1), "blur_mask_modifier": .int(20)]),
    ]

    struct Fixture {
        let frame: Image
        let landmarks: [[SIMD2<Float>]]
        let predicted: PredictedFace
        let xsegPredicted: Image
        let xsegDestination: Image
        let enhanced: Image
        let modelInput: Image

        init() throws {
            frame = try Image(contentsOf: ReferenceFixtures.url("merge/frame.png"), mode: .color)
            let arrays = try ReferenceFixtures.tensors("merge/arrays.safetensors")
            func array(_ name: String) throws -> Tensor {
                guard let tensor = arrays[name] else { throw FixtureError("merge/arrays.safetensors has no \(name)") }
                return tensor
            }
            let points = try array("landmarks").floats()
            landmarks = (0..<2).map { face in (0..<68).map { SIMD2(points[face * 136 + 2 * $0], points[face * 136 + 2 * $0 + 1]) } }
            func image(_ name: String) throws -> Image {
                let tensor = try array(name)
                let shape = tensor.shape
                return Image(width: shape[1], height: shape[0], channels: shape.count == 3 ? shape[2] : 1, pixels: tensor.floats())
            }
            predicted = PredictedFace(face: try image("pred_face"), predictedMask: try image("pred_prd_mask"),
                                      destinationMask: try image("pred_dst_mask"))
            xsegPredicted = try image("xseg_prd")
            xsegDestination = try image("xseg_dst")
            enhanced = try image("enhanced")
            modelInput = try image("model_input")
        }
    }

    static func settings(_ values: [String: OptionValue]) throws -> MergeSettings {
        try MergeSettings().applying(["color_transfer_mode": .string("none")].merging(values) { $1 }, source: "test").settings
    }

    /// The merged frame and mask Masque makes for `name`'s settings.
    static func merged(_ fixture: Fixture, settings: MergeSettings, faces: [[SIMD2<Float>]]) throws -> (Image, Image, [FaceMerger.PreparedFace]) {
        let merger = FaceMerger(settings: settings, resolution: 32, faceType: .wholeFace)
        var random = SeededRandom(seed: 1, stream: 0)
        var prepared: [FaceMerger.PreparedFace] = []
        var merged: [MergedFace] = []
        for landmarks in faces {
            let face = merger.prepare(frame: fixture.frame, landmarks: landmarks)
            prepared.append(face)
            let prediction = merger.predictionAtOutputSize(fixture.predicted, enhanced: fixture.enhanced)
            merged.append(try merger.merge(face, prediction, segmentedPrediction: fixture.xsegPredicted,
                                           segmentedDestination: fixture.xsegDestination,
                                           motion: FaceMotion(power: 12, degrees: 30), random: &random))
        }
        let (image, mask) = FrameComposite.composite(frame: fixture.frame, faces: merged)
        return (image, mask, prepared)
    }

    @Test(arguments: cases.map(\.name))
    func matchesDFLsMerger(_ name: String) throws {
        let fixture = try Fixture()
        let settings = try Self.settings(Self.cases.first { $0.name == name }!.settings)
        let (image, mask, _) = try Self.merged(fixture, settings: settings, faces: name == "two_faces" ? fixture.landmarks : [fixture.landmarks[0]])
        let expected = try Image(contentsOf: ReferenceFixtures.url("merge/\(name)_merged.png"), mode: .color)
        let expectedMask = try Image(contentsOf: ReferenceFixtures.url("merge/\(name)_mask.png"), mode: .grayscale)
        let imageDifference = PixelDifference(image, expected), maskDifference = PixelDifference(mask, expectedMask)
        // Masque warps only the face's part of the frame; OpenCV's fixed-point warp coordinates then
        // round differently at a few pixels (1/1024 px), which truncation to bytes and sharpening
        // turn into a few levels at most, at about one value in a thousand.
        #expect(imageDifference.mean < 0.01, "\(name): merged frame differs from DFL's: \(imageDifference)")
        #expect(imageDifference.maximum <= 6, "\(name): merged frame differs from DFL's: \(imageDifference)")
        #expect(maskDifference.mean < 0.01, "\(name): mask differs from DFL's: \(maskDifference)")
        #expect(maskDifference.maximum <= 2, "\(name): mask differs from DFL's: \(maskDifference)")
    }

    @Test func modelInputIsDFLsCrop() throws {
        let fixture = try Fixture()
        let (_, _, prepared) = try Self.merged(fixture, settings: try Self.settings([:]), faces: [fixture.landmarks[0]])
        let difference = maxAbsDifference(prepared[0].modelInput.pixels(as: Float.self), fixture.modelInput.pixels(as: Float.self))
        #expect(difference < 1 / 255, "the model's input differs from DFL's crop by \(difference)")
    }
}
