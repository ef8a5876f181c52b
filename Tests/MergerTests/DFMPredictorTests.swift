import Foundation
import Imaging
@testable import Merger
import Models
import Support
import Tensors
import Testing
import TestSupport

/// A `.dfm` laid out as DFL's exporter writes it (random weights, made by
/// `Tests/Reference/make_dfm_fixtures.py`) as the merger's predictor: its faces are the NumPy
/// reference's, a morph value is refused for a non-AMP file, and so are the XSeg mask modes.
@Suite struct DFMPredictorTests {
    static let file = ReferenceFixtures.url("dfm/reference_SAEHD_model.dfm")

    @Test func aReferenceDFMRunsInTheMerger() throws {
        let model = try MergeModel.open(dfm: Self.file, needsSegmenter: false)
        #expect(model.predictor.resolution == 64 && model.predictor.faceType == .wholeFace)
        #expect(model.identity == "reference_SAEHD_model.dfm" && model.label.model.name == "reference_SAEHD_model")
        let io = try SafeTensors.read(ReferenceFixtures.url("saehd/liae-ud/io.safetensors"))
        let face = try Image(tensor: io["dst"]!.permuted([0, 3, 1, 2]).contiguous())
        // The second run multiplies by the dense weights packed for oneDNN (ONNXMatMul packs a
        // constant from its second use); both must match.
        for run in 1...2 {
            let predicted = try #require(try model.predictor.predict([face, face]).last)
            for (key, image) in [("src_dst", predicted.face), ("src_dstm", predicted.predictedMask), ("dst_dstm", predicted.destinationMask)] {
                let ours = try image.tensor().permuted([0, 2, 3, 1]).contiguous().floats()
                let difference = maxAbsDifference(ours, io[key]!.floats())
                #expect(difference < 1e-5, "run \(run), \(key): \(difference) from the NumPy reference")
            }
        }
    }

    @Test func anAMPReferenceDFMMergesAtTheMorphGiven() throws {
        let model = try MergeModel.open(dfm: ReferenceFixtures.url("dfm/reference_AMP_model.dfm"), morph: 0.65, needsSegmenter: false)
        #expect(model.identity == "reference_AMP_model.dfm~morph0.65")
        let io = try SafeTensors.read(ReferenceFixtures.url("amp/io.safetensors"))
        let faces = io["dst"]!.permuted([0, 3, 1, 2]).contiguous()
        let images = try (0..<2).map { try Image(tensor: faces.slice(0, $0, $0 + 1)) }
        for run in 1...2 {
            let predicted = try model.predictor.predict(images)
            let ours = try Tensor.cat(predicted.map { try $0.face.tensor() }, dim: 0).permuted([0, 2, 3, 1]).contiguous().floats()
            let difference = maxAbsDifference(ours, io["src_dst_0.65"]!.floats())
            #expect(difference < 1e-5, "run \(run): \(difference) from the NumPy reference")
        }
        #expect(throws: (any Error).self) { try MergeModel.open(dfm: ReferenceFixtures.url("dfm/reference_AMP_model.dfm"), morph: 2, needsSegmenter: false) }
    }

    @Test func aMorphValueOrTheXSegMaskModesAreRefused() throws {
        #expect(throws: MergerError.self) { try MergeModel.open(dfm: Self.file, morph: 0.5, needsSegmenter: false) }
        #expect(throws: MergerError.self) { try MergeModel.open(dfm: Self.file, needsSegmenter: true) }
    }
}
