/// A JPEG file as a list of marker segments, serialized back byte for byte.
///
/// Parsing follows DFL's `DFLJPG.load_raw`, with its defects fixed: DRI has its real length
/// field (DFL reads it as two bytes without one, so it cannot open files with restart
/// intervals), RSTn markers and byte stuffing inside entropy-coded data stay with their scan,
/// every scan of a progressive file is its own SOS segment, a zero-length segment keeps its
/// length field, and bytes after EOI are kept rather than failing the file.
public struct JPEGFile: Hashable, Sendable {
    public var segments: [JPEGSegment]
    /// Whatever follows the EOI marker, kept verbatim.
    public var trailer: [UInt8]

    public init(segments: [JPEGSegment], trailer: [UInt8] = []) {
        self.segments = segments
        self.trailer = trailer
    }

    /// Parses `bytes`; `sourceName` names the file in errors.
    public init(bytes: [UInt8], sourceName: String) throws(FacesetError) {
        func failure(_ reason: String) -> FacesetError { FacesetError(file: sourceName, reason: "not a readable JPEG: \(reason)") }
        guard bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == JPEGSegment.startOfImage else {
            throw failure("it does not start with the SOI marker")
        }
        var segments = [JPEGSegment(marker: JPEGSegment.startOfImage, payload: nil)]
        var trailer: [UInt8] = []
        var position = 2
        while position < bytes.count {
            guard bytes[position] == 0xFF else {
                throw failure("expected a marker at byte \(position), found 0x\(String(bytes[position], radix: 16))")
            }
            guard position + 1 < bytes.count else { throw failure("the file ends inside a marker") }
            let marker = bytes[position + 1]
            guard marker != 0xFF, marker != 0x00 else {
                throw failure("invalid marker 0xFF\(String(hexByte: marker)) at byte \(position)")
            }
            guard marker != JPEGSegment.startOfImage else { throw failure("a second SOI marker at byte \(position)") }
            position += 2
            if JPEGSegment.isStandalone(marker) {
                segments.append(JPEGSegment(marker: marker, payload: nil))
                if marker == JPEGSegment.endOfImage {
                    trailer = Array(bytes[position...])
                    position = bytes.count
                }
                continue
            }
            guard position + 2 <= bytes.count else { throw failure("the file ends inside a segment length at byte \(position)") }
            let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
            guard length >= 2 else { throw failure("segment length \(length) below 2 at byte \(position)") }
            guard position + length <= bytes.count else {
                throw failure("segment 0xFF\(String(hexByte: marker)) of \(length) bytes at byte \(position) runs past the end")
            }
            let payload = Array(bytes[(position + 2)..<(position + length)])
            position += length
            var entropyCodedData: [UInt8] = []
            if marker == JPEGSegment.startOfScan {
                let end = JPEGFile.endOfEntropyCodedData(in: bytes, from: position)
                entropyCodedData = Array(bytes[position..<end])
                position = end
            }
            segments.append(JPEGSegment(marker: marker, payload: payload, entropyCodedData: entropyCodedData))
        }
        self.segments = segments
        self.trailer = trailer
    }

    /// Whether `bytes` end with the End Of Image marker `FF D9` (zero bytes padded after it are
    /// ignored): a JPEG cut short by a crash or a full disk does not.
    public static func endsWithEndOfImage(_ bytes: [UInt8]) -> Bool {
        guard let last = bytes.lastIndex(where: { $0 != 0 }), last >= 1 else { return false }
        return bytes[last - 1] == 0xFF && bytes[last] == 0xD9
    }

    /// Where the entropy-coded data that starts at `start` ends: at the first `FF` that begins a
    /// marker other than a stuffed zero, an RSTn, or a fill byte before the marker; or at the end.
    static func endOfEntropyCodedData(in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while let found = bytes[index...].firstIndex(of: 0xFF) {
            guard found + 1 < bytes.count else { return bytes.count }
            let next = bytes[found + 1]
            if next == 0x00 || (0xD0...0xD7).contains(next) {
                index = found + 2
            } else if next == 0xFF {
                index = found + 1
            } else {
                return found
            }
            if index >= bytes.count { return bytes.count }
        }
        return bytes.count
    }

    /// The file's bytes.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segments.reduce(trailer.count) { $0 + 4 + ($1.payload?.count ?? 0) + $1.entropyCodedData.count })
        for segment in segments { bytes.append(contentsOf: segment.encoded) }
        bytes.append(contentsOf: trailer)
        return bytes
    }

    /// How many segments come before the first SOS. DFL only sees APPn segments in this
    /// header: it stores everything from the first scan to EOI as one opaque block.
    public var headerSegmentCount: Int {
        segments.firstIndex { $0.marker == JPEGSegment.startOfScan } ?? segments.count
    }

    /// Height, width and component count from the first start-of-frame segment.
    public var frameSize: (height: Int, width: Int, components: Int)? {
        guard let frame = segments.first(where: \.isStartOfFrame), let payload = frame.payload, payload.count >= 6 else {
            return nil
        }
        return (Int(payload[1]) << 8 | Int(payload[2]), Int(payload[3]) << 8 | Int(payload[4]), Int(payload[5]))
    }
}

extension String {
    /// Two uppercase hexadecimal digits.
    init(hexByte byte: UInt8) {
        let digits = String(byte, radix: 16, uppercase: true)
        self = digits.count == 1 ? "0" + digits : digits
    }
}
