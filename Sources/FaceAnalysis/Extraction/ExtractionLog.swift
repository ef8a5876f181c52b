import FaceSet
import Foundation

/// The list of frames an extraction into one folder has finished, one name per line after a
/// settings line; appended after each frame's faces are written, so an interrupted run resumes.
/// Safe to use from several threads.
final class ExtractionLog: @unchecked Sendable {
    let url: URL
    private var done: Set<String> = []
    private let handle: FileHandle
    private let lock = NSLock()

    init(url: URL, settings: ExtractionSettings) throws {
        self.url = url
        let header = "masque-extraction face_type=\(settings.faceType.name) size=\(settings.imageSize)"
        let fileManager = FileManager.default
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            var lines = text.split(separator: "\n").map(String.init)
            guard let first = lines.first, first == header else {
                throw ExtractionError("\(url.deletingLastPathComponent().path) holds faces extracted with other settings (\(lines.first ?? "unknown")); extract into an empty folder or delete \(url.path)")
            }
            lines.removeFirst()
            done = Set(lines)
        } else {
            guard fileManager.createFile(atPath: url.path, contents: Data((header + "\n").utf8)) else {
                throw ExtractionError("cannot write \(url.path) (check permissions and free space)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw ExtractionError("cannot write \(url.path) (check permissions)")
        }
        self.handle = handle
        handle.seekToEndOfFile()
    }

    deinit { try? handle.close() }

    /// Whether `frame` (a file name) was finished by this or an earlier run.
    func isDone(_ frame: String) -> Bool { lock.withLock { done.contains(frame) } }

    func markDone(_ frame: String) throws {
        try lock.withLock {
            do {
                try handle.write(contentsOf: Data((frame + "\n").utf8))
            } catch {
                throw ExtractionError("cannot write \(url.path): \(error.localizedDescription) (free disk space; the run resumes where it stopped)")
            }
            done.insert(frame)
        }
    }
}
