import Foundation
import Support

/// Sorts a faceset folder the way DFL's `sort` step does: lists its images, reads each one's
/// metadata, runs a `SortMethod`, then trashes and renames (see `SortOutcome.apply`).
public enum FacesetSorter {
    /// What one sort run did.
    public struct Report: Sendable {
        /// The images in incoming order, as the method saw them.
        public var faces: [SortableFace]
        /// The method's decision, as indices into `faces`.
        public var outcome: SortOutcome
        /// What was moved and renamed.
        public var applied: AppliedSort
    }

    /// The images DFL's tools see in `folder` (files directly in it ending in .jpg, .jpeg,
    /// .png, .tif or .tiff in any case, in Python's string order) with the metadata
    /// `readMetadata` finds in each (nil: not a DFL image; by default their APP15 metadata),
    /// read on every core. With `readMetadata` nil every image is taken as plain.
    public static func faces(
        in folder: URL, readMetadata: (@Sendable (URL) throws -> FaceMetadata?)? = FaceMetadata.read(from:)
    ) throws -> [SortableFace] {
        let files = try FacesetFolder.imageFiles(in: folder)
        guard let readMetadata else { return files.map { SortableFace(url: $0, metadata: nil) } }
        return try ParallelMap.map(files.count) { SortableFace(url: files[$0], metadata: try readMetadata(files[$0])) }
    }

    /// Sorts `folder` with `method` and applies the result to the folder. Metadata is read only
    /// for methods that use it.
    public static func sort(folder: URL, method: any SortMethod, options: SortOptions = SortOptions(),
                            readMetadata: @escaping @Sendable (URL) throws -> FaceMetadata? = FaceMetadata.read(from:))
        throws -> Report {
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let faces = try faces(in: folder, readMetadata: method.readsMetadata ? readMetadata : nil)
        let outcome = try method.sort(faces, options: options)
        let applied = try outcome.apply(to: faces, in: folder)
        return Report(faces: faces, outcome: outcome, applied: applied)
    }
}
