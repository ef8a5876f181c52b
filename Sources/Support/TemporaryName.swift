import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one naming scheme of every hidden temporary file or folder Masque writes beside an output:
/// `.masque-tmp.<pid>.<token>.<name>`. The name keeps the destination's extension (ffmpeg picks
/// the container by it), and the process id tells a live writer's temporary from one a killed
/// run left behind, which `removeLeftovers(in:)` deletes.
public enum TemporaryName {
    /// What every temporary name starts with.
    public static let prefix = ".masque-tmp."

    /// A fresh temporary path beside `destination` (same folder, same extension).
    public static func beside(_ destination: URL) -> URL {
        let token = UUID().uuidString.prefix(8).lowercased()
        return destination.deletingLastPathComponent()
            .appendingPathComponent("\(prefix)\(getpid()).\(token).\(destination.lastPathComponent)")
    }

    /// The process that made `name`, when it is a temporary name.
    public static func owner(of name: String) -> pid_t? {
        guard name.hasPrefix(prefix) else { return nil }
        return name.dropFirst(prefix.count).split(separator: ".", maxSplits: 1).first.flatMap { pid_t($0) }
    }

    /// The destination name a temporary name stands for (`.masque-tmp.12.ab12cd34.x.png` → `x.png`).
    public static func destinationName(of name: String) -> String? {
        guard owner(of: name) != nil else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count == 3 ? String(parts[2]) : nil
    }

    /// Whether the process that wrote `name` is gone (a killed or crashed run).
    public static func isLeftover(_ name: String) -> Bool {
        guard let pid = owner(of: name) else { return false }
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Deletes the temporaries that dead runs left in `folder` (and in nothing below it), except
    /// those `keep` claims; returns how many were removed. Best effort: an entry that cannot be
    /// removed stays.
    @discardableResult
    public static func removeLeftovers(in folder: URL, keep: (URL) -> Bool = { _ in false }) -> Int {
        var removed = 0
        for name in FolderListing.names(in: folder) where isLeftover(name) {
            let url = folder.appendingPathComponent(name)
            if keep(url) { continue }
            if (try? FileManager.default.removeItem(at: url)) != nil { removed += 1 }
        }
        return removed
    }
}
