import Foundation
import Support

/// DFL's `xseg remove` and `xseg remove_labels` (`mainscripts/XSegUtil.py remove_xseg`,
/// `remove_xseg_labels`): the applied XSeg mask (`xseg_mask`) or the label polygons
/// (`seg_ie_polys`) taken out of every aligned face of a folder, every other key kept. Faces
/// without them are not rewritten, so a rerun finishes an interrupted run.
public enum XSegRemoval: Sendable {
    /// Applied masks: `xseg apply` makes them again from the model.
    case masks
    /// Label polygons: drawn by hand, gone for good (the faces are counted first and the caller's
    /// consent is asked).
    case labels

    /// Removes what `self` names from the faces of `folder`. For labels, `consent` is asked
    /// before anything is changed when some face has polygons (DFL warns three times and waits).
    public func run(folder: URL, consent: ReplaceConsent = ReplaceConsent(force: false),
                    progress: @escaping ProgressUpdate = { _, _ in }) throws -> AlignedFolderEdit.Report {
        if self == .labels {
            let labelled = try AlignedFolderEdit.faces(in: folder).faces.filter { !$0.face.xsegPolygons.isEmpty }.count
            if labelled > 0 {
                do throws(FileError) {
                    try consent.confirm(path: folder.path, loss: "holds \(labelled) faces with XSeg label polygons that would be deleted")
                } catch {
                    throw FacesetError(file: folder.path, reason: "holds \(labelled) faces with XSeg label polygons; nothing was deleted: answer y at a terminal or pass --yes (export them first with masque xseg labels export)")
                }
            }
        }
        let removal = self
        return try AlignedFolderEdit.run(folder: folder, progress: progress) { file in
            var face = file.face
            switch removal {
            case .masks:
                guard face.xsegMask != nil else { return nil }
                face.xsegMask = nil
            case .labels:
                guard !face.xsegPolygons.isEmpty else { return nil }
                face.xsegPolygons = []
            }
            return face
        }
    }
}
