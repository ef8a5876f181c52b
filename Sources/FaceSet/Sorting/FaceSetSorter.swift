import Foundation

/// Sorts a faceset folder the way DFL's `sort` step does: lists its images, reads each one's
/// metadata, runs a `SortMethod`, then trashes and renames (see `SortOutcome.apply`).
public enum FaceSetSorter {
    /// What one sort run did.
    public struct Report: Sendable {
        /// The images in incoming order, as the method saw them.
        public var faces: [SortableFace]
        public var outcome: SortOutcome
        public var applied: AppliedSort
    }

    /// The images DFL's tools see in `folder` (files directly in it ending in .jpg, .jpeg,
    /// .png, .tif or .tiff in any case, in Python's string order) with the metadata
    /// `readMetadata` finds in each (nil: not a DFL image); by default their APP15 metadata.
    public static func faces(in folder: URL, readMetadata: (URL) throws -> FaceMetadata? = FaceMetadata.read(from:))
        throws -> [SortableFace] {
        try FacesetFolder.imageFiles(in: folder).map { SortableFace(url: $0, metadata: try readMetadata($0)) }
    }

    /// Sorts `folder` with `method` and applies the result to the folder.
    public static func sort(folder: URL, method: any SortMethod, options: SortOptions = SortOptions(),
                            readMetadata: (URL) throws -> FaceMetadata? = FaceMetadata.read(from:)) throws -> Report {
        let faces = try faces(in: folder, readMetadata: readMetadata)
        let outcome = try method.sort(faces, options: options)
        let applied = try outcome.apply(to: faces, in: folder)
        return Report(faces: faces, outcome: outcome, applied: applied)
    }
}
