import Foundation
import Support

/// The label a folder of frames carries, for the video made from them.
public enum FrameFolderLabel {
    /// The label of the folder's first frame (the first `.png`, `.jpg` or `.jpeg` in DFL's
    /// order, as `VideoTools.encodeVideo` feeds them), nil when that frame carries none (JPEG
    /// frames carry none). The merger labels every frame it writes, so the first stands for all.
    /// This is no stricter than the encoder, which lists and checks the same frames and names
    /// what is wrong in its own words: a folder that cannot be listed, a frame that cannot be
    /// read or whose chunks cannot be walked count as unlabelled here, and chunk CRCs are not
    /// checked. A label that is there but cannot be read throws `.unreadableLabel`.
    public static func label(in folder: URL) throws(ProvenanceError) -> SyntheticMediaLabel? {
        guard let frames = try? FolderListing.images(in: folder, extensions: [".png", ".jpg", ".jpeg"]),
              let first = frames.first, first.pathExtension.lowercased() == "png",
              let bytes = try? FileBytes.read(first)
        else { return nil }
        do {
            return try PNGLabel.read(from: bytes, source: first.path, checkingCRCs: false)
        } catch .damagedPNG {
            return nil
        }
    }
}
