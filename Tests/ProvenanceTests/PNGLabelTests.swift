import Foundation
import Imaging
import Testing
@testable import Provenance

@Suite struct PNGLabelTests {
    @Test func insertedLabelReadsBackAndPixelsAreUnchanged() throws {
        let original = try LabelFixtures.png()
        let labelled = try PNGLabel.insert(LabelFixtures.label, into: original)
        #expect(try PNGLabel.read(from: labelled, source: "f.png") == LabelFixtures.label)
        #expect(try Image(encoded: labelled) == LabelFixtures.image())
        #expect(try Image(encoded: labelled) == Image(encoded: original))
    }

    @Test func labelChunksGoJustBeforeIENDWithValidCRCs() throws {
        let original = try LabelFixtures.png()
        let labelled = try PNGLabel.insert(LabelFixtures.label, into: original)
        let before = try PNGChunks.parse(original, source: "a", checkingCRCs: true).map(\.type)
        let after = try PNGChunks.parse(labelled, source: "b", checkingCRCs: true).map(\.type)
        #expect(after == before.dropLast() + ["iTXt", "iTXt", "IEND"])
        #expect(labelled.prefix(original.count - 12) == original.prefix(original.count - 12))
        #expect(labelled.suffix(12) == original.suffix(12))
    }

    @Test func labellingAgainReplacesTheLabel() throws {
        let first = try PNGLabel.insert(LabelFixtures.label, into: try LabelFixtures.png())
        var newer = LabelFixtures.label
        newer.model.name = "other"
        let second = try PNGLabel.insert(newer, into: first)
        #expect(try PNGLabel.read(from: second, source: "f") == newer)
        #expect(try texts(in: second).map(\.keyword) == [PNGLabel.keyword, PNGLabel.xmpKeyword])
    }

    @Test func anotherProgramsXMPIsKeptAndNotDoubled() throws {
        let foreign = InternationalText(keyword: PNGLabel.xmpKeyword, text: "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>")
        let png = try LabelFixtures.png()
        let withXMP = png.prefix(png.count - 12) + PNGChunks.encode(type: "iTXt", data: foreign.chunkData) + png.suffix(12)
        let labelled = try PNGLabel.insert(LabelFixtures.label, into: withXMP)
        #expect(try texts(in: labelled) == [foreign, InternationalText(
            keyword: PNGLabel.keyword, text: String(decoding: LabelFixtures.label.json(), as: UTF8.self))])
    }

    @Test func xmpStatesIPTCsDigitalSourceTypeWithEscapedText() throws {
        var label = LabelFixtures.label
        label.model.name = "a<b & \"c\""
        let labelled = try PNGLabel.insert(label, into: try LabelFixtures.png())
        let xmp = try #require(try texts(in: labelled).first { $0.keyword == PNGLabel.xmpKeyword })
        let text = String(decoding: xmp.text, as: UTF8.self)
        #expect(text.contains(#"Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia""#))
        #expect(text.contains("model a&lt;b &amp; &quot;c&quot;"))
        #expect(try PNGLabel.read(from: labelled, source: "f") == label)
    }

    @Test func worksOnASliceOfLargerData() throws {
        let png = try LabelFixtures.png()
        let padded = Data([1, 2, 3]) + png
        let slice = padded[3...]
        let labelled = try PNGLabel.insert(LabelFixtures.label, into: slice)
        #expect(try PNGLabel.read(from: labelled[labelled.startIndex...], source: "f") == LabelFixtures.label)
        #expect(try Image(encoded: labelled) == LabelFixtures.image())
    }

    @Test func unlabelledPNGHasNoLabel() throws {
        #expect(try PNGLabel.read(from: try LabelFixtures.png(), source: "f") == nil)
    }

    @Test func damagedPNGsAreNamedInOneLine() throws {
        let labelled = try PNGLabel.insert(LabelFixtures.label, into: try LabelFixtures.png())
        let chunks = try PNGChunks.parse(labelled, source: "f", checkingCRCs: true)
        let idat = try #require(chunks.first { $0.type == "IDAT" })
        var flipped = labelled
        flipped[idat.dataRange.lowerBound + 2] ^= 0x40
        #expect(throws: ProvenanceError.damagedPNG(
            path: "f.png", reason: "chunk IDAT at byte \(idat.range.lowerBound) fails its CRC check")) {
            try PNGLabel.read(from: flipped, source: "f.png")
        }
        #expect(throws: ProvenanceError.damagedPNG(path: "f.png", reason: "it ends before its IEND chunk")) {
            try PNGLabel.read(from: labelled.prefix(labelled.count - 12), source: "f.png")
        }
        let lastText = try #require(chunks.last { $0.type == "iTXt" })
        #expect(throws: ProvenanceError.damagedPNG(
            path: "f.png", reason: "chunk iTXt at byte \(lastText.range.lowerBound) runs past the end of the file")) {
            try PNGLabel.read(from: labelled.prefix(labelled.count - 20), source: "f.png")
        }
        #expect(throws: ProvenanceError.damagedPNG(path: "f.png", reason: "it does not start with PNG's signature")) {
            try PNGLabel.insert(LabelFixtures.label, into: Data("GIF89a".utf8), source: "f.png")
        }
        let message = ProvenanceError.damagedPNG(path: "f.png", reason: "it ends before its IEND chunk").message
        #expect(!message.contains("\n") && message.hasPrefix("f.png "))
    }

    @Test func aLabelThatCannotBeReadIsAnErrorNotAMissingLabel() throws {
        let png = try LabelFixtures.png()
        let broken = InternationalText(keyword: PNGLabel.keyword, text: "{not json")
        let bad = png.prefix(png.count - 12) + PNGChunks.encode(type: "iTXt", data: broken.chunkData) + png.suffix(12)
        #expect(throws: ProvenanceError.unreadableLabel(path: "f.png", reason: "it is not label JSON")) {
            try PNGLabel.read(from: bad, source: "f.png")
        }
    }

    /// The `iTXt` chunks of `png`, in order.
    private func texts(in png: Data) throws -> [InternationalText] {
        try PNGChunks.parse(png, source: "f", checkingCRCs: true)
            .filter { $0.type == "iTXt" }
            .compactMap { InternationalText(chunkData: png[$0.dataRange]) }
    }
}
