import Foundation
import Support

/// DFL's "recover original aligned filename" (`mainscripts/Util.py`): renames every aligned face
/// after the frame it came from, `<source stem>_<n><suffix>`, numbering faces of the same frame
/// 0, 1, … in the folder's sort order.
public enum OriginalFilenames {
    /// One rename.
    public struct Rename: Equatable, Sendable {
        public var from: String
        public var to: String
    }

    /// The renames `restore` would do in `folder`, without touching anything. Faces without a
    /// `source_filename` keep their name (DFL would stop with an error).
    public static func plan(folder: URL) throws(FacesetError) -> [Rename] {
        var faces: [(name: String, source: String)] = []
        for url in try FacesetFolder.imageFiles(in: folder) where FacesetFolder.isAlignedFaceName(url.lastPathComponent) {
            guard let image = try? AlignedFaceImage(contentsOf: url), image.hasMetadata,
                  case .string(let source)? = image.metadata["source_filename"] else { continue }
            faces.append((url.lastPathComponent, source))
        }
        var counters: [String: Int] = [:]
        var renames: [Rename] = []
        for face in faces {
            let number = counters[face.source, default: 0]
            counters[face.source] = number + 1
            let target = "\(stem(of: face.source))_\(number)\(suffix(of: face.name))"
            renames.append(Rename(from: face.name, to: target))
        }
        return renames
    }

    /// Renames the faces of `folder` as `plan` says, through temporary names so that faces can
    /// swap names. Refuses (before renaming anything) when a target is taken by another file or
    /// is not a plain file name.
    @discardableResult
    public static func restore(folder: URL) throws(FacesetError) -> [Rename] {
        let lock = try FacesetFolder.lock(folder)
        defer { withExtendedLifetime(lock) {} }
        let renames = try plan(folder: folder).filter { $0.from != $0.to }
        let moving = Set(renames.map(\.from))
        var targets = Set<String>()
        for rename in renames {
            guard targets.insert(rename.to).inserted else {
                throw FacesetError(file: folder.appendingPathComponent(rename.from).path,
                                   reason: "another face would also be named '\(rename.to)'")
            }
            guard FacesetFolder.isPlainFileName(rename.to) else {
                throw FacesetError(file: folder.appendingPathComponent(rename.from).path, reason: "source name gives an invalid file name '\(rename.to)'")
            }
            let target = folder.appendingPathComponent(rename.to)
            if FileManager.default.fileExists(atPath: target.path), !moving.contains(rename.to) {
                throw FacesetError(file: target.path, reason: "already exists and is not one of the faces being renamed")
            }
        }
        let token = UUID().uuidString
        var temporary: [(URL, URL)] = []
        for (index, rename) in renames.enumerated() {
            let source = folder.appendingPathComponent(rename.from)
            let staging = folder.appendingPathComponent(".\(token).\(index).tmp")
            try move(source, to: staging)
            temporary.append((staging, folder.appendingPathComponent(rename.to)))
        }
        for (staging, target) in temporary {
            try move(staging, to: target)
        }
        return renames
    }

    /// Python's `Path(name).stem`: the name without its last suffix.
    static func stem(of name: String) -> String {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex, file.index(after: dot) != file.endIndex else {
            return file
        }
        return String(file[..<dot])
    }

    /// Python's `Path(name).suffix`: the last suffix with its dot, or "".
    static func suffix(of name: String) -> String {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        let stemPart = stem(of: file)
        return String(file.dropFirst(stemPart.count))
    }

    private static func move(_ source: URL, to target: URL) throws(FacesetError) {
        do {
            try FileManager.default.moveItem(at: source, to: target)
        } catch {
            throw FacesetError(file: source.path, reason: "cannot be renamed to \(target.lastPathComponent) (\(error.localizedDescription))")
        }
    }
}
