import Foundation
import Media

/// Synthetic-media labels in video containers, as tags ffmpeg writes and ffprobe reads.
///
/// The label's JSON goes under two keys: `masque:synthetic-media`, which MP4 and MOV keep
/// (QuickTime `mdta` keys), and `comment`, the one key all three containers keep (AVI's
/// RIFF `ICMT`).
public enum VideoLabel {
    /// The dedicated tag.
    public static let key = "masque:synthetic-media"
    /// The standard tag that every container Masque writes keeps.
    public static let commentKey = "comment"

    /// The container tags that carry `label`, for `VideoEncoding.metadata`.
    public static func metadata(for label: SyntheticMediaLabel) -> [String: String] {
        let json = String(decoding: label.json(), as: UTF8.self)
        return [key: json, commentKey: json]
    }

    /// The label in a video's container tags (`VideoInfo.tags`; keys compared without case):
    /// the dedicated tag, else a `comment` that holds a label; nil when there is neither. A
    /// dedicated tag that cannot be read throws `.unreadableLabel` naming `source`; a comment
    /// that is not a label is someone else's comment.
    public static func label(inTags tags: [String: String], source: String) throws(ProvenanceError) -> SyntheticMediaLabel? {
        let lowered = Dictionary(tags.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        if let json = lowered[key] {
            return try SyntheticMediaLabel(json: Data(json.utf8), source: source)
        }
        if let comment = lowered[commentKey] {
            return try? SyntheticMediaLabel(json: Data(comment.utf8), source: source)
        }
        return nil
    }
}

extension VideoEncoding {
    /// This request with `label`'s tags added to its metadata, so the video carries the label.
    public func labelled(_ label: SyntheticMediaLabel) -> VideoEncoding {
        var request = self
        request.metadata.merge(VideoLabel.metadata(for: label)) { _, new in new }
        return request
    }
}
