import Foundation
import Support

/// What applying a sort did to the folder.
public struct AppliedSort: Sendable, Hashable {
    /// `<parent>/<folder stem>_trash`, when anything was trashed.
    public var trashFolder: URL?
    /// Where the trashed files are now.
    public var trashedFiles: [URL]
    /// The kept files' new locations, in sort order (`00000.jpg`, `00001.jpg`, ...).
    public var renamedFiles: [URL]
    /// Images of an earlier sort deleted from the trash folder first (DFL empties it too).
    public var replacedTrash: Int = 0
}

extension SortOutcome {
    /// Applies the outcome to `folder` as DFL's `final_process` does: trashed faces move to
    /// the sibling folder `<parent>/<folder stem>_trash` (created when needed, after deleting
    /// the images already in it); kept faces are renamed in order to `%05d` plus their
    /// original extension, through temporary `%05d_<name>` names so no file is overwritten.
    /// Everything is checked before the first file moves: a file that would be overwritten
    /// and is not part of the result stops the whole step.
    public func apply(to faces: [SortableFace], in folder: URL) throws(SortError) -> AppliedSort {
        let keptFiles = kept.map { faces[$0].url }, trashedFiles = trashed.map { faces[$0].url }
        for file in keptFiles + trashedFiles where !FileManager.default.fileExists(atPath: file.path) {
            throw .moveFailed(from: file.path, to: folder.path, reason: "the file is gone")
        }
        let temporary = keptFiles.enumerated().map { offset, file in
            folder.appendingPathComponent(String(format: "%05d_", offset) + file.lastPathComponent)
        }
        let final = keptFiles.enumerated().map { offset, file in
            folder.appendingPathComponent(String(format: "%05d", offset) + Self.suffix(of: file))
        }
        try Self.checkRenameTargets(temporary: temporary, final: final, kept: keptFiles, trashed: trashedFiles)
        let trashFolder = folder.deletingLastPathComponent()
            .appendingPathComponent(folder.deletingPathExtension().lastPathComponent + "_trash")
        let (trashedTo, replacedTrash) = try trashedFiles.isEmpty ? ([], 0) : Self.moveToTrash(trashedFiles, trashFolder: trashFolder)
        for (file, target) in zip(keptFiles, temporary) { try Self.move(file, to: target) }
        for (file, target) in zip(temporary, final) { try Self.move(file, to: target) }
        return AppliedSort(trashFolder: trashedFiles.isEmpty ? nil : trashFolder, trashedFiles: trashedTo,
                           renamedFiles: final, replacedTrash: replacedTrash)
    }

    /// Throws unless every rename target is free when its rename runs: a target may be taken
    /// only by a file that has moved away by then, i.e. a trashed file, a kept file earlier in
    /// the order (temporary names), or any kept file (final names).
    private static func checkRenameTargets(temporary: [URL], final: [URL], kept: [URL], trashed: [URL])
        throws(SortError) {
        let manager = FileManager.default
        let trashedPaths = Set(trashed.map(\.standardizedFileURL.path))
        let keptPositions = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1.standardizedFileURL.path, $0) })
        for (position, target) in temporary.enumerated() where manager.fileExists(atPath: target.path) {
            let path = target.standardizedFileURL.path
            guard trashedPaths.contains(path) || (keptPositions[path].map { $0 < position } ?? false) else {
                throw .wouldOverwrite(path: target.path)
            }
        }
        for target in final where manager.fileExists(atPath: target.path) {
            let path = target.standardizedFileURL.path
            guard trashedPaths.contains(path) || keptPositions[path] != nil else { throw .wouldOverwrite(path: target.path) }
        }
    }

    /// Creates `trashFolder`, deletes the images already in it and moves `files` there;
    /// throws before deleting or moving anything when a non-image entry holds a name needed.
    /// Returns where the files went and how many old images were deleted.
    private static func moveToTrash(_ files: [URL], trashFolder: URL) throws(SortError) -> ([URL], Int) {
        let manager = FileManager.default
        let oldImages: [URL]
        do {
            oldImages = manager.fileExists(atPath: trashFolder.path) ? try FacesetFolder.imageFiles(in: trashFolder) : []
        } catch {
            throw .moveFailed(from: files[0].path, to: trashFolder.path, reason: error.reason)
        }
        let oldNames = Set(oldImages.map(\.lastPathComponent))
        let targets = files.map { trashFolder.appendingPathComponent($0.lastPathComponent) }
        for target in targets where !oldNames.contains(target.lastPathComponent) && manager.fileExists(atPath: target.path) {
            throw .wouldOverwrite(path: target.path)
        }
        do {
            try manager.createDirectory(at: trashFolder, withIntermediateDirectories: true)
            for image in oldImages { try manager.removeItem(at: image) }
        } catch {
            throw .moveFailed(from: files[0].path, to: trashFolder.path, reason: FileError.reason(error))
        }
        for (file, target) in zip(files, targets) { try move(file, to: target) }
        return (targets, oldImages.count)
    }

    /// Python's `Path.suffix`: the last extension with its dot, "" when there is none.
    static func suffix(of file: URL) -> String {
        let name = file.lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, dot != name.index(before: name.endIndex) else {
            return ""
        }
        return String(name[dot...])
    }

    private static func move(_ file: URL, to target: URL) throws(SortError) {
        do {
            try FileManager.default.moveItem(at: file, to: target)
        } catch {
            throw .moveFailed(from: file.path, to: target.path, reason: FileError.reason(error))
        }
    }
}
