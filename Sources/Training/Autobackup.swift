import Foundation
import Support

/// DFL's autobackup (`autobackup_hour`, reference §5.8): at a save, once the interval has passed
/// since training started or since the last backup, the save folder and the preview are copied
/// into `<save folder>_autobackups/01`, after the older backups moved one number up (01 → 02, …;
/// the 24th is dropped). Each backup is written beside and renamed into place, so a backup folder
/// is always complete.
struct Autobackup {
    /// Backups kept, as DFL keeps.
    static let kept = 24

    /// `<save folder>_autobackups`.
    let folder: URL
    /// Seconds between backups.
    let interval: TimeInterval
    /// When the interval last began.
    private(set) var start: Date

    init(saveFolder: URL, interval: TimeInterval, start: Date) {
        folder = saveFolder.deletingLastPathComponent().appendingPathComponent(saveFolder.lastPathComponent + "_autobackups")
        self.interval = interval
        self.start = start
    }

    /// The numbered backup folder `number` (1 is the newest).
    func backup(_ number: Int) -> URL { folder.appendingPathComponent(String(format: "%02d", number)) }

    /// Backs up when due at `now`; returns the new backup's folder, nil when not due.
    mutating func backUpIfDue(save: URL, preview: URL, now: Date) throws -> URL? {
        let periods = (now.timeIntervalSince(start) / interval).rounded(.down)
        guard periods >= 1 else { return nil }
        start += periods * interval
        return try backUp(save: save, preview: preview)
    }

    /// Rotates the backups and copies the save folder's files and the preview into `01`.
    func backUp(save: URL, preview: URL) throws -> URL {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            if PathKind.of(backup(Self.kept)) != .missing { try fileManager.removeItem(at: backup(Self.kept)) }
            for number in stride(from: Self.kept - 1, through: 1, by: -1) where PathKind.of(backup(number)) != .missing {
                try fileManager.moveItem(at: backup(number), to: backup(number + 1))
            }
        } catch {
            throw FileError.writeFailed(path: folder.path, reason: FileError.reason(error))
        }
        let newest = backup(1)
        try AtomicFile.writeFolder(newest, previous: folder.appendingPathComponent(".01.previous")) { staging in
            let files = try fileManager.contentsOfDirectory(atPath: save.path).filter { !$0.hasPrefix(".") }
            for file in files {
                try fileManager.copyItem(at: save.appendingPathComponent(file), to: staging.appendingPathComponent(file))
            }
            if PathKind.of(preview) == .file {
                try fileManager.copyItem(at: preview, to: staging.appendingPathComponent(preview.lastPathComponent))
            }
        }
        return newest
    }
}
