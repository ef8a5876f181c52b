import Foundation

/// One chunk of a PNG file, as offsets into the file's bytes (counted from its first byte).
struct PNGChunk: Equatable {
    /// The chunk's four-letter type, e.g. `IHDR`, `IDAT`, `iTXt`.
    let type: String
    /// The whole chunk: length, type, data and CRC.
    let range: Range<Int>
    /// The chunk's data.
    let dataRange: Range<Int>
}

/// The chunk layout of a PNG file (PNG specification §5): the 8-byte signature, then chunks of
/// a 4-byte big-endian data length, a 4-byte type, the data and the CRC-32 of type and data,
/// the first `IHDR` and the last `IEND`.
enum PNGChunks {
    /// The bytes every PNG starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The largest data length a chunk may state.
    static let maximumLength = 0x7FFF_FFFF

    /// The chunks of `png` up to and including `IEND` (bytes after it are left alone), checked:
    /// the signature, lengths that fit, letters for types, `IHDR` first, an `IEND`, and, when
    /// `checkingCRCs`, every chunk's CRC. Throws `.damagedPNG` naming `source`.
    static func parse(_ png: Data, source: String, checkingCRCs: Bool) throws(ProvenanceError) -> [PNGChunk] {
        let result: Result<[PNGChunk], ProvenanceError> = png.withUnsafeBytes { bytes in
            func damaged(_ reason: String) -> Result<[PNGChunk], ProvenanceError> {
                .failure(.damagedPNG(path: source, reason: reason))
            }
            guard bytes.count >= signature.count, bytes.prefix(signature.count).elementsEqual(signature) else {
                return damaged("it does not start with PNG's signature")
            }
            var chunks: [PNGChunk] = []
            var offset = signature.count
            while true {
                guard bytes.count - offset >= 12 else {
                    return damaged(chunks.isEmpty ? "it holds no chunks" : "it ends before its IEND chunk")
                }
                let length = Int(bigEndian32(bytes, at: offset))
                let typeBytes = bytes[(offset + 4)..<(offset + 8)]
                guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                    return damaged("the chunk at byte \(offset) has no valid type")
                }
                let type = String(decoding: typeBytes, as: UTF8.self)
                guard length <= maximumLength, length <= bytes.count - offset - 12 else {
                    return damaged("chunk \(type) at byte \(offset) runs past the end of the file")
                }
                let dataStart = offset + 8
                let end = dataStart + length + 4
                if checkingCRCs {
                    let stored = bigEndian32(bytes, at: dataStart + length)
                    let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(dataStart + length)]))
                    guard stored == computed else {
                        return damaged("chunk \(type) at byte \(offset) fails its CRC check")
                    }
                }
                guard !chunks.isEmpty || type == "IHDR" else {
                    return damaged("its first chunk is \(type), not IHDR")
                }
                chunks.append(PNGChunk(type: type, range: offset..<end, dataRange: dataStart..<(dataStart + length)))
                if type == "IEND" { return .success(chunks) }
                offset = end
            }
        }
        return try result.get()
    }

    /// A chunk of `type` (four ASCII letters) holding `data`, with its length and CRC.
    static func encode(type: String, data: Data) -> Data {
        precondition(type.utf8.count == 4 && type.utf8.allSatisfy { $0 < 0x80 }, "PNG chunk type \(type) is not four ASCII letters")
        var chunk = Data(capacity: data.count + 12)
        appendBigEndian32(UInt32(data.count), to: &chunk)
        chunk.append(contentsOf: Array(type.utf8))
        chunk.append(data)
        let crc = CRC32.checksum(data, continuing: CRC32.checksum(Array(type.utf8)))
        appendBigEndian32(crc, to: &chunk)
        return chunk
    }

    private static func bigEndian32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { value, index in value << 8 | UInt32(bytes[offset + index]) }
    }

    private static func appendBigEndian32(_ value: UInt32, to data: inout Data) {
        data.append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
