import Foundation

/// The data of a PNG `iTXt` chunk (PNG specification §11.3.4.5): a Latin-1 keyword of 1 to 79
/// bytes, a null, the compression flag and method, a language tag, a null, a translated
/// keyword, a null, then UTF-8 text. Masque writes uncompressed text without language tags.
struct InternationalText: Equatable {
    /// The keyword, e.g. `masque:synthetic-media` or `XML:com.adobe.xmp`.
    let keyword: String
    /// Whether the text is zlib-compressed (Masque never compresses what it writes).
    let compressed: Bool
    /// The text's bytes: UTF-8, or zlib data when `compressed`.
    let text: Data

    /// Uncompressed text under `keyword` (printable ASCII, 1 to 79 characters).
    init(keyword: String, text: String) {
        precondition((1...79).contains(keyword.utf8.count) && keyword.utf8.allSatisfy { (0x20...0x7E).contains($0) },
                     "iTXt keyword \(keyword) is not 1 to 79 printable ASCII characters")
        self.keyword = keyword
        self.compressed = false
        self.text = Data(text.utf8)
    }

    /// The fields of an `iTXt` chunk's data; nil when they are not laid out as the
    /// specification says.
    init?(chunkData data: Data) {
        let bytes = [UInt8](data)
        guard let keywordEnd = bytes.firstIndex(of: 0), (1...79).contains(keywordEnd), bytes.count >= keywordEnd + 3,
              let languageEnd = bytes[(keywordEnd + 3)...].firstIndex(of: 0),
              let translatedEnd = bytes[(languageEnd + 1)...].firstIndex(of: 0)
        else { return nil }
        keyword = String(bytes[..<keywordEnd].map { Character(Unicode.Scalar($0)) })
        compressed = bytes[keywordEnd + 1] != 0
        text = Data(bytes[(translatedEnd + 1)...])
    }

    /// The chunk data: keyword, null, flag 0, method 0, empty language tag and translated keyword, text.
    var chunkData: Data {
        var data = Data(keyword.utf8)
        data.append(contentsOf: [0, compressed ? 1 : 0, 0, 0, 0])
        data.append(text)
        return data
    }
}
