@testable import FaceSet
import Foundation
import Testing

@Suite struct JPEGFileTests {
    static let soi: [UInt8] = [0xFF, 0xD8]
    static let eoi: [UInt8] = [0xFF, 0xD9]
    /// SOS header for one component, then entropy-coded bytes with stuffing, RST0 and fill bytes.
    static let scan: [UInt8] = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
                                0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF]

    @Test func segmentsRoundTripByteForByte() throws {
        let bytes = Self.soi + [0xFF, 0xE0, 0x00, 0x02] + [0xFF, 0xDD, 0x00, 0x04, 0x00, 0x10] + Self.scan + Self.eoi + [0x00, 0x01]
        let jpeg = try JPEGFile(bytes: bytes, sourceName: "t.jpg")
        #expect(jpeg.segments.map(\.marker) == [0xD8, 0xE0, 0xDD, 0xDA, 0xD9])
        #expect(jpeg.segments[1].payload == [], "an empty segment keeps its length field")
        #expect(jpeg.segments[2].payload == [0x00, 0x10], "DRI is read with its length")
        #expect(jpeg.segments[3].entropyCodedData == [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF])
        #expect(jpeg.trailer == [0x00, 0x01])
        #expect(jpeg.encoded == bytes)
    }

    @Test func aScanWithoutEndOfImageIsKept() throws {
        let bytes = Self.soi + Self.scan.dropLast(2) + [0x99]
        let jpeg = try JPEGFile(bytes: bytes, sourceName: "t.jpg")
        #expect(jpeg.segments.last?.entropyCodedData.last == 0x99)
        #expect(jpeg.encoded == bytes)
    }

    @Test(arguments: [
        ([0xFF, 0xD9], "it does not start with the SOI marker"),
        ([0xFF, 0xD8, 0xFF, 0xD8], "a second SOI marker at byte 2"),
        ([0xFF, 0xD8, 0x00], "expected a marker at byte 2, found 0x0"),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x00], "segment 0xFFE0 of 16 bytes at byte 4 runs past the end"),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01], "segment length 1 below 2 at byte 4"),
        ([0xFF, 0xD8, 0xFF], "the file ends inside a marker"),
    ] as [([UInt8], String)])
    func malformedFilesAreRefusedWithTheReason(bytes: [UInt8], reason: String) {
        #expect {
            try JPEGFile(bytes: bytes, sourceName: "bad.jpg")
        } throws: { error in
            "\(error)" == "bad.jpg: not a readable JPEG: \(reason)"
        }
    }
}
