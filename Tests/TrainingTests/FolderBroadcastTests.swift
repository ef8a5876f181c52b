import Foundation
import Tensors
import Testing
import TestSupport
import Training

/// `FolderBroadcast` between two ranks over Gloo: rank 1 gets rank 0's files byte for byte
/// (an empty one, and one larger than a chunk), and a folder rank 0 cannot read stops both with
/// rank 0's line.
@Suite struct FolderBroadcastTests {
    @Test func rankOneGetsRankZerosFilesByteForByte() throws {
        let folders = try (0..<2).map { try TemporaryDirectory("masque-folder-broadcast\($0)") }
        let sent = folders[0].file("save")
        try FileManager.default.createDirectory(at: sent, withIntermediateDirectories: true)
        let files = ["empty": Data(), "state.json": Data(#"{"iteration": 3}"#.utf8),
                     "weights safetensors": Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })]
        for (name, data) in files { try data.write(to: sent.appendingPathComponent(name)) }
        try FileManager.default.createDirectory(at: sent.appendingPathComponent("folder"), withIntermediateDirectories: true)
        let failures = runAsTwoRanks { group in
            try FolderBroadcast.share(group.rank == 0 ? sent : folders[1].file("copy"), over: group, chunkBytes: 64)
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(try folders[1].contents(of: "copy") == files.keys.sorted(), "files only, no folder, no temporary")
        for (name, data) in files { #expect(try Data(contentsOf: folders[1].file("copy/\(name)")) == data, "\(name)") }
    }

    @Test func aFolderRankZeroCannotReadStopsBothRanksWithItsLine() throws {
        let folder = try TemporaryDirectory("masque-folder-broadcast-missing")
        let missing = folder.file("missing")
        let failures = runAsTwoRanks { group in
            try FolderBroadcast.share(group.rank == 0 ? missing : folder.file("copy"), over: group)
        }
        #expect(failures.count == 2, "\(failures)")
        for failure in failures { #expect(failure.contains(missing.path), "\(failure)") }
        #expect(!FileManager.default.fileExists(atPath: folder.file("copy").path))
    }
}
