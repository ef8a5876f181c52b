/// One marker segment of a JPEG file, kept byte for byte.
public struct JPEGSegment: Hashable, Sendable {
    /// The marker's second byte (`0xD8` SOI, `0xE0`–`0xEF` APP0–APP15, `0xDA` SOS, …).
    public var marker: UInt8
    /// The bytes after the 16-bit length field; nil for markers without a length (SOI, EOI, RSTn, TEM).
    public var payload: [UInt8]?
    /// For SOS: the entropy-coded bytes that follow the header up to the next marker, including
    /// byte stuffing and RSTn markers. Empty for every other segment.
    public var entropyCodedData: [UInt8]

    public init(marker: UInt8, payload: [UInt8]?, entropyCodedData: [UInt8] = []) {
        self.marker = marker
        self.payload = payload
        self.entropyCodedData = entropyCodedData
    }

    public static let startOfImage: UInt8 = 0xD8
    public static let endOfImage: UInt8 = 0xD9
    public static let startOfScan: UInt8 = 0xDA
    public static let restartInterval: UInt8 = 0xDD
    /// APP15, where DFL keeps an aligned face's metadata.
    public static let app15: UInt8 = 0xEF

    /// Whether `marker` stands alone, without a length field.
    public static func isStandalone(_ marker: UInt8) -> Bool {
        marker == 0x01 || (0xD0...0xD9).contains(marker)
    }

    /// Whether this is an application segment APP0–APP15.
    public var isApplicationSegment: Bool { marker & 0xF0 == 0xE0 }

    /// Whether this is a start-of-frame segment (SOF0–SOF15, not DHT, JPG or DAC).
    public var isStartOfFrame: Bool {
        marker & 0xF0 == 0xC0 && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    /// The segment as it appears in the file.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = [0xFF, marker]
        if let payload {
            let length = payload.count + 2
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
            bytes.append(contentsOf: payload)
        }
        bytes.append(contentsOf: entropyCodedData)
        return bytes
    }
}
