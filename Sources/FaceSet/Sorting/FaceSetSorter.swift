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

    /// The images of `folder` (`ImageFolder.imageFiles`) with the metadata `readMetadata`
    /// finds in each (nil: not a DFL image).
    public static func faces(in folder: URL, readMetadata: (URL) throws -> FaceMetadata?) throws -> [SortableFace] {
        try ImageFolder.imageFiles(in: folder).map { SortableFace(url: $0, metadata: try readMetadata($0)) }
    }

    /// Sorts `folder` with `method` and applies the result to the folder.
    public static func sort(folder: URL, method: any SortMethod, options: SortOptions = SortOptions(),
                            readMetadata: (URL) throws -> FaceMetadata?) throws -> Report {
        let faces = try faces(in: folder, readMetadata: readMetadata)
        let outcome = try method.sort(faces, options: options)
        let applied = try outcome.apply(to: faces, in: folder)
        return Report(faces: faces, outcome: outcome, applied: applied)
    }
}
