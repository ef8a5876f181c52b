import Foundation
import Support

/// The folders and files of a DFL workspace, e.g. `workspace/data_src.mp4`,
/// `workspace/data_src/aligned`, `workspace/data_dst/merged`, `workspace/model`.
///
/// Paths are computed, never created; a layout says where things live.
public struct WorkspaceLayout: Sendable, Equatable {
    /// The workspace folder itself (DFL's `workspace`).
    public let root: URL

    /// A layout rooted at `root`.
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `data_src.*`: the source video, before resolving (see `sourceVideo()`).
    public var sourceVideoPattern: URL { root.appendingPathComponent("data_src.*") }
    /// `data_dst.*`: the destination (target) video, before resolving (see `destinationVideo()`).
    public var destinationVideoPattern: URL { root.appendingPathComponent("data_dst.*") }
    /// `data_src/`: frames of the source video.
    public var sourceFrames: URL { root.appendingPathComponent("data_src", isDirectory: true) }
    /// `data_src/aligned/`: the source faceset.
    public var sourceAligned: URL { sourceFrames.appendingPathComponent("aligned", isDirectory: true) }
    /// `data_dst/`: frames of the destination video.
    public var destinationFrames: URL { root.appendingPathComponent("data_dst", isDirectory: true) }
    /// `data_dst/aligned/`: the destination faceset.
    public var destinationAligned: URL { destinationFrames.appendingPathComponent("aligned", isDirectory: true) }
    /// `data_dst/aligned_debug/`: destination frames with detected faces drawn on them.
    public var alignedDebug: URL { destinationFrames.appendingPathComponent("aligned_debug", isDirectory: true) }
    /// `model/`: the trained models.
    public var model: URL { root.appendingPathComponent("model", isDirectory: true) }
    /// `data_dst/merged/`: merged (face-replaced) frames.
    public var merged: URL { destinationFrames.appendingPathComponent("merged", isDirectory: true) }
    /// `data_dst/merged_mask/`: the masks of the merged frames.
    public var mergedMask: URL { destinationFrames.appendingPathComponent("merged_mask", isDirectory: true) }

    /// The source video: the first file (by name) in the workspace whose stem is `data_src`,
    /// ignoring case. Throws `FileError.noFileMatchingStem` when there is none.
    public func sourceVideo() throws -> URL {
        try Self.resolveInput(sourceVideoPattern.path)
    }

    /// The destination video: the first file (by name) whose stem is `data_dst`, ignoring case.
    public func destinationVideo() throws -> URL {
        try Self.resolveInput(destinationVideoPattern.path)
    }

    /// Resolves an input path the way DFL does: a path ending in `.*` (`workspace/data_src.*`)
    /// names the first regular file in that folder, sorted by name, whose stem matches
    /// case-insensitively; any other path must exist.
    public static func resolveInput(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard name.hasSuffix(".*"), name.count > 2 else {
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw FileError.missingInput(path: path)
            }
            return url
        }
        let stem = String(name.dropLast(2))
        guard let match = firstFile(in: url.deletingLastPathComponent(), stem: stem) else {
            throw FileError.noFileMatchingStem(pattern: path)
        }
        return match
    }

    /// The first regular file in `folder`, sorted by name (code-point order, as Python sorts),
    /// whose stem equals `stem` ignoring case; nil when none does or the folder is missing.
    public static func firstFile(in folder: URL, stem: String) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let wanted = stem.lowercased()
        for name in names.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }) {
            guard pythonStem(of: name).lowercased() == wanted else { continue }
            let candidate = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// The folder DFL extracts a video's frames into: next to the video, named by its stem
    /// (`workspace/data_src.mp4` → `workspace/data_src`).
    public static func framesFolder(forVideo video: URL) -> URL {
        video.deletingLastPathComponent()
            .appendingPathComponent(pythonStem(of: video.lastPathComponent), isDirectory: true)
    }

    /// A file name without its last extension, by Python's `PurePath.stem` rule: a leading dot
    /// or a trailing dot does not start an extension (`.hidden` → `.hidden`, `a.tar.gz` → `a.tar`).
    static func pythonStem(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
              name.index(after: dot) != name.endIndex else { return name }
        return String(name[..<dot])
    }
}
