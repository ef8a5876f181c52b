import Foundation
import Imaging
import Support

/// Finds near-duplicate images in a folder and moves all but the best of each group into
/// `<parent>/<folder name>_duplicates_level<N>`; nothing is ever deleted.
///
/// Grouping is greedy by sharpness (variance of the 3x3 Laplacian of the gray image,
/// highest first, ties in file order): the sharpest image not yet grouped is kept, and every
/// not yet grouped image within the level's distance of it (`DedupeLevel`) becomes its
/// duplicate. So each moved image has a kept, sharper copy within the distance.
public enum NearDuplicateFinder {
    /// One kept image and the duplicates it stands for, as indices into the files.
    public struct Group: Sendable, Hashable {
        public var kept: Int
        public var duplicates: [Int]
    }

    /// The result of a dedupe run.
    public struct Report: Sendable {
        /// The images considered, in file order.
        public var files: [URL]
        /// Groups with at least one duplicate, in the order their kept images were chosen.
        public var groups: [Group]
        /// The folder the duplicates went to (nil when none were found or when only finding).
        public var duplicatesFolder: URL?
    }

    /// Groups `files` at `level` without moving anything.
    public static func groups(of files: [URL], level: DedupeLevel) throws -> [Group] {
        let measured = try ParallelMap.map(files.count) { index in
            let face = SortableFace(url: files[index], metadata: nil)
            let image = try face.loadBGR()
            return (thumbnail: DedupeThumbnail(image), sharpness: image.laplacianVariance())
        }
        let order = ScoreOrdering.order(Array(files.indices), by: measured.map(\.sharpness), descending: true)
        var grouped = [Bool](repeating: false, count: files.count)
        var groups: [Group] = []
        for keeper in order where !grouped[keeper] {
            grouped[keeper] = true
            let candidates = order.filter { !grouped[$0] }
            let near = try ParallelMap.map(candidates.count) { position in
                measured[keeper].thumbnail.distance(to: measured[candidates[position]].thumbnail) <= level.threshold
            }
            let duplicates = candidates.indices.filter { near[$0] }.map { candidates[$0] }
            for duplicate in duplicates { grouped[duplicate] = true }
            if !duplicates.isEmpty { groups.append(Group(kept: keeper, duplicates: duplicates)) }
        }
        return groups
    }

    /// The folder duplicates of `folder` at `level` are moved to.
    public static func duplicatesFolder(for folder: URL, level: DedupeLevel) -> URL {
        folder.deletingLastPathComponent()
            .appendingPathComponent("\(folder.lastPathComponent)_duplicates_level\(level.rawValue)")
    }

    /// Finds the near-duplicates among the images of `folder` (as DFL lists them) and
    /// moves them to `duplicatesFolder(for:level:)`. A duplicate whose name is already taken
    /// there stops the run before anything moves.
    public static func dedupe(folder: URL, level: DedupeLevel) throws -> Report {
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let files = try FacesetFolder.imageFiles(in: folder)
        let groups = try groups(of: files, level: level)
        let duplicates = groups.flatMap(\.duplicates).map { files[$0] }
        guard !duplicates.isEmpty else { return Report(files: files, groups: groups, duplicatesFolder: nil) }
        let target = duplicatesFolder(for: folder, level: level)
        let manager = FileManager.default
        for file in duplicates where manager.fileExists(atPath: target.appendingPathComponent(file.lastPathComponent).path) {
            throw SortError.wouldOverwrite(path: target.appendingPathComponent(file.lastPathComponent).path)
        }
        do {
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
        } catch {
            throw SortError.moveFailed(from: folder.path, to: target.path, reason: FileError.reason(error))
        }
        for file in duplicates {
            let destination = target.appendingPathComponent(file.lastPathComponent)
            do {
                try manager.moveItem(at: file, to: destination)
            } catch {
                throw SortError.moveFailed(from: file.path, to: destination.path, reason: FileError.reason(error))
            }
        }
        return Report(files: files, groups: groups, duplicatesFolder: target)
    }
}
