import Foundation
import Media
import Support

/// What a file says about its provenance: what `masque verify` reports.
///
/// Today that is the synthetic-media label; an invisible watermark and signed C2PA credentials
/// will join as further optional findings, each read by its own reader beside the label's.
public struct ProvenanceReport: Sendable, Equatable {
    /// The inspected file.
    public let file: URL
    /// The file's synthetic-media label, nil when it carries none.
    public let label: SyntheticMediaLabel?

    /// Inspects `file`: a PNG's text chunks (every chunk's CRC checked), a JPEG is reported
    /// unlabelled (Masque does not label JPEGs), anything else is probed as a video with
    /// `videoTools` (made only then, so PNGs need no ffprobe) and its container tags read.
    /// Throws one-line errors: a missing or unreadable file, a damaged PNG, a file ffprobe
    /// cannot read, a label that cannot be read.
    public static func inspect(_ file: URL, videoTools: () throws -> VideoTools = { try VideoTools() }) throws -> ProvenanceReport {
        let head = try FileBytes.prefix(file, count: PNGChunks.signature.count)
        if head.starts(with: PNGChunks.signature) {
            return ProvenanceReport(file: file, label: try PNGLabel.read(from: FileBytes.read(file), source: file.path))
        }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            return ProvenanceReport(file: file, label: nil)
        }
        let info = try videoTools().probe(file)
        return ProvenanceReport(file: file, label: try VideoLabel.label(inTags: info.tags, source: file.path))
    }

    /// The label, or `.noLabel` naming the file.
    public func requireLabel() throws(ProvenanceError) -> SyntheticMediaLabel {
        guard let label else { throw ProvenanceError.noLabel(path: file.path) }
        return label
    }
}
