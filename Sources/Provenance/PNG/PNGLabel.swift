import Foundation

/// Synthetic-media labels in PNG files, as text chunks the image decoders skip.
///
/// The merger labels each frame after encoding it:
///
///     let png = try image.encoded(as: .png())
///     try AtomicFile.write(try PNGLabel.insert(label, into: png), to: frameURL)
public enum PNGLabel {
    /// The `iTXt` keyword under which the label's JSON is stored.
    public static let keyword = "masque:synthetic-media"
    /// The `iTXt` keyword of an XMP packet (XMP specification part 3, §1.1.5).
    static let xmpKeyword = "XML:com.adobe.xmp"

    /// `png` with `label` added before its `IEND` chunk as two `iTXt` chunks: `masque:synthetic-media`
    /// holding the label's JSON (what `read` and `masque verify` read) and `XML:com.adobe.xmp`
    /// holding an XMP packet with IPTC's digital source type (what photo tools read). A label or
    /// XMP packet Masque wrote before is replaced; an XMP packet of another program is kept and
    /// no second one is added. Image chunks are copied unchanged, so the pixels decode as before.
    /// Throws `.damagedPNG` naming `source` when `png` is not a whole PNG.
    public static func insert(_ label: SyntheticMediaLabel, into png: Data, source: String = "PNG data") throws(ProvenanceError) -> Data {
        let chunks = try PNGChunks.parse(png, source: source, checkingCRCs: false)
        let base = png.startIndex
        var keptXMP = false
        var result = Data(capacity: png.count + 2048)
        result.append(png[base..<(base + PNGChunks.signature.count)])
        for chunk in chunks {
            if chunk.type == "IEND" {
                let labelText = InternationalText(keyword: keyword, text: String(decoding: label.json(), as: UTF8.self))
                result.append(PNGChunks.encode(type: "iTXt", data: labelText.chunkData))
                if !keptXMP {
                    let xmp = InternationalText(keyword: xmpKeyword, text: XMPPacket.text(for: label))
                    result.append(PNGChunks.encode(type: "iTXt", data: xmp.chunkData))
                }
                result.append(png[(base + chunk.range.lowerBound)...])
                break
            }
            let data = png[(base + chunk.dataRange.lowerBound)..<(base + chunk.dataRange.upperBound)]
            if chunk.type == "iTXt", let text = InternationalText(chunkData: data) {
                if text.keyword == keyword { continue }
                if text.keyword == xmpKeyword {
                    if !text.compressed, XMPPacket.isMasque(String(decoding: text.text, as: UTF8.self)) { continue }
                    keptXMP = true
                }
            }
            result.append(png[(base + chunk.range.lowerBound)..<(base + chunk.range.upperBound)])
        }
        return result
    }

    /// The label in `png`, or nil when it carries none. Every chunk's CRC is checked; a damaged
    /// file throws `.damagedPNG` and a label that cannot be read `.unreadableLabel`, both naming
    /// `source`.
    public static func read(from png: Data, source: String) throws(ProvenanceError) -> SyntheticMediaLabel? {
        try read(from: png, source: source, checkingCRCs: true)
    }

    /// `read(from:source:)`, checking chunk CRCs only when `checkingCRCs`.
    static func read(from png: Data, source: String, checkingCRCs: Bool) throws(ProvenanceError) -> SyntheticMediaLabel? {
        let chunks = try PNGChunks.parse(png, source: source, checkingCRCs: checkingCRCs)
        let base = png.startIndex
        for chunk in chunks where chunk.type == "iTXt" {
            let data = png[(base + chunk.dataRange.lowerBound)..<(base + chunk.dataRange.upperBound)]
            guard let text = InternationalText(chunkData: data), text.keyword == keyword else { continue }
            guard !text.compressed else {
                throw ProvenanceError.unreadableLabel(path: source, reason: "its text chunk is compressed")
            }
            return try SyntheticMediaLabel(json: text.text, source: source)
        }
        return nil
    }
}
