import Foundation
import Testing
@testable import Provenance

/// CRC-32 against values computed outside Swift (zlib's `crc32`, the PNG specification).
@Suite struct CRC32Tests {
    @Test(arguments: [
        ("", UInt32(0)),
        ("IEND", UInt32(0xAE42_6082)),
        ("123456789", UInt32(0xCBF4_3926)),
        ("The quick brown fox jumps over the lazy dog", UInt32(0x414F_A339)),
    ])
    func knownVectors(text: String, expected: UInt32) {
        #expect(CRC32.checksum(Array(text.utf8)) == expected)
    }

    @Test func continuingMatchesOnePass() {
        let bytes = Array("iTXtmasque:synthetic-media".utf8)
        let split = CRC32.checksum(Array(bytes[4...]), continuing: CRC32.checksum(Array(bytes[..<4])))
        #expect(split == CRC32.checksum(bytes))
    }

    @Test func theEncodedIENDChunkIsTheOneEveryPNGEndsWith() {
        let chunk = PNGChunks.encode(type: "IEND", data: Data())
        #expect([UInt8](chunk) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }
}
