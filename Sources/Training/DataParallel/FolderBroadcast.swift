import Foundation
import Support
import Tensors

/// A folder of files sent from rank 0 to every other rank of a data-parallel group: how the ranks
/// start from rank 0's model without a copy of its model folder. Rank 0 sends the names and sizes
/// of its files, then each file in chunks; every other rank writes each file, through the atomic
/// writer, into its own folder.
public enum FolderBroadcast {
    /// Rank 0 sends the files directly in `folder` (the folder must be complete); every other rank
    /// receives them into its `folder` (created when missing; files of the same names replaced).
    /// One collective carries at most `chunkBytes` (a file of a big model goes in several).
    /// Rank 0's failure to list its folder stops every rank with its line.
    public static func share(_ folder: URL, over group: ProcessGroup, chunkBytes: Int = 64 << 20) throws {
        let manifest = try group.onRankZero {
            try FolderListing.entries(in: folder).names.sorted().compactMap { name -> String? in
                let url = folder.appendingPathComponent(name)
                guard PathKind.of(url) == .file else { return nil }
                let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
                return "\(size) \(name)"
            }.joined(separator: "\n")
        }
        let files = manifest.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (size: Int(parts[0]) ?? 0, name: String(parts[1]))
        }
        if group.rank != 0 {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw FileError.writeFailed(path: folder.path, reason: FileError.reason(error))
            }
        }
        for file in files {
            let url = folder.appendingPathComponent(file.name)
            if group.rank == 0 {
                try send(url, size: file.size, chunkBytes: chunkBytes, over: group)
            } else {
                try AtomicFile.write(to: url) { handle in
                    var left = file.size
                    while left > 0 {
                        let chunk = try group.broadcast(bytes: [], from: 0)
                        guard !chunk.isEmpty, chunk.count <= left else {
                            throw TrainingError("rank 0 sent \(url.lastPathComponent) with another size than it announced (\(file.size) bytes)")
                        }
                        try handle.write(contentsOf: chunk)
                        left -= chunk.count
                    }
                }
            }
        }
    }

    /// Rank 0's side: `url`'s `size` bytes in chunks.
    private static func send(_ url: URL, size: Int, chunkBytes: Int, over group: ProcessGroup) throws {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw FileError.unreadable(path: url.path, reason: FileError.reason(error))
        }
        defer { try? handle.close() }
        var left = size
        while left > 0 {
            let chunk: Data
            do { chunk = try handle.read(upToCount: min(left, chunkBytes)) ?? Data() } catch {
                throw FileError.unreadable(path: url.path, reason: FileError.reason(error))
            }
            guard !chunk.isEmpty else { throw FileError.unreadable(path: url.path, reason: "it ended before its \(size) bytes") }
            _ = try group.broadcast(bytes: Array(chunk), from: 0)
            left -= chunk.count
        }
    }
}
