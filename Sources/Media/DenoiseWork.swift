import Foundation
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hidden work folder of one denoise run, beside the frames:
/// `.masque-tmp.<pid>.<token>.denoise/` holding `links/000001.png → ../../00001.png` (what ffmpeg
/// reads), `out/000001.png` (what it writes) and, once every output was checked, `journal.json`
/// (the frame names, in order), from which an interrupted run is finished.
struct DenoiseWork {
    /// The last component of every denoise work folder's temporary name.
    static let name = "denoise"
    static let journalName = "journal.json"

    let folder: URL
    let links: URL
    let outputs: URL
    let frames: [URL]
    /// `000001<ext>`, … in frame order.
    let outputNames: [String]

    /// Creates the work folder and the numbered links to `frames`.
    init(in frameFolder: URL, frames: [URL], suffix: String) throws {
        folder = TemporaryName.beside(frameFolder.appendingPathComponent(Self.name))
        links = folder.appendingPathComponent("links")
        outputs = folder.appendingPathComponent("out")
        self.frames = frames
        outputNames = frames.indices.map { String(format: "%06d", $0 + 1) + suffix }
        do {
            try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
            for (frame, name) in zip(frames, outputNames) {
                try FileManager.default.createSymbolicLink(atPath: links.appendingPathComponent(name).path,
                                                           withDestinationPath: frame.path)
            }
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw MediaError.fileOperationFailed(path: frameFolder.path, reason: "cannot be written (\(FileError.reason(error)))")
        }
    }

    /// Records that every output is complete: from now on the run can be finished, not redone.
    func writeJournal() throws {
        let names = frames.map(\.lastPathComponent)
        do {
            try AtomicFile.write(try JSONEncoder().encode(names), to: folder.appendingPathComponent(Self.journalName))
        } catch {
            throw MediaError.fileOperationFailed(path: folder.path, reason: ErrorMessage.oneLine(error))
        }
    }

    /// Renames each output over its original (each rename atomic), then removes the work folder.
    func replaceOriginals() throws {
        try Self.replace(names: frames.map(\.lastPathComponent), work: folder, in: folder.deletingLastPathComponent())
    }

    /// Whether `url` is a denoise work folder.
    static func isWorkFolder(_ url: URL) -> Bool {
        TemporaryName.destinationName(of: url.lastPathComponent) == name
    }

    /// Whether the work folder got as far as its journal.
    static func hasJournal(_ url: URL) -> Bool {
        PathKind.of(url.appendingPathComponent(journalName)) == .file
    }

    /// Finishes a run that was killed after its journal; the number of frames it had denoised,
    /// nil when there was none to finish. Call with the folder locked.
    static func finishInterrupted(in frameFolder: URL) throws -> Int? {
        for entry in FolderListing.names(in: frameFolder) where TemporaryName.isLeftover(entry) {
            let work = frameFolder.appendingPathComponent(entry)
            guard isWorkFolder(work), hasJournal(work) else { continue }
            let names: [String]
            do {
                names = try JSONDecoder().decode([String].self, from: Data(contentsOf: work.appendingPathComponent(journalName)))
            } catch {
                throw MediaError.fileOperationFailed(
                    path: work.path, reason: "an interrupted denoise left an unreadable journal (\(error)); move the folder away and run again")
            }
            try replace(names: names, work: work, in: frameFolder)
            return names.count
        }
        return nil
    }

    /// Moves `work/out/<i:06><ext>` over `names[i]` where the output is still there.
    private static func replace(names: [String], work: URL, in frameFolder: URL) throws {
        for (index, original) in names.enumerated() {
            let suffix = ImageFolder.suffix(of: URL(fileURLWithPath: original))
            let output = work.appendingPathComponent("out").appendingPathComponent(String(format: "%06d", index + 1) + suffix)
            guard PathKind.of(output) == .file else { continue }
            let target = frameFolder.appendingPathComponent(original)
            do throws(FileError) {
                try AtomicFile.move(output, over: target, syncingFolder: false)
            } catch {
                throw MediaError.fileOperationFailed(path: target.path, reason: FileError.reason(error))
            }
        }
        AtomicFile.syncFolder(frameFolder)
        try? FileManager.default.removeItem(at: work)
    }
}
