import Foundation
import Testing
import TestSupport

@Suite struct CLIDataParallelTests {
    @Test func aWorkerWhoseMasterCannotBeReachedStopsWithinTheTimeoutInOneLine() throws {
        let folder = try TemporaryDirectory("masque-cli-dist")
        let port = freeLoopbackPort()
        let start = Date()
        let result = try MasqueBinary.run(
            ["train", "quick96", "--workspace", folder.url.path, "--no-prompt", "--distributed-timeout", "2"],
            environment: ["RANK": "1", "WORLD_SIZE": "2", "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "\(port)"])
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1, "\(result.errorLines)")
        #expect(result.errorLines.first?.hasPrefix("masque: error: rank 1 of 2 cannot join the gloo group at 127.0.0.1:\(port)") == true,
                "\(result.errorLines)")
        #expect(seconds < 15, "took \(seconds) s")
    }

    @Test func gpuDevicesAreRefusedInOneLine() throws {
        let folder = try TemporaryDirectory("masque-cli-dist")
        let result = try MasqueBinary.run(["train", "quick96", "--workspace", folder.url.path, "--no-prompt", "--devices", "cuda:0,cuda:1"])
        #expect(result.status != 0)
        #expect(result.errorLines.first?.contains("only cpu workers are available") == true, "\(result.errorLines)")
    }

    @Test func theLauncherStopsWhenAWorkerFailsAndNamesItsRank() throws {
        let folder = try TemporaryDirectory("masque-cli-dist")
        let result = try MasqueBinary.run(["train", "quick96", "--workspace", folder.url.path, "--no-prompt", "--world-size", "2",
                                           "--master-port", "\(freeLoopbackPort())", "--distributed-timeout", "20"])
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("starting 2 workers (gloo, 127.0.0.1:"), "\(result.standardOutput)")
        let last = try #require(result.errorLines.last)
        #expect(last.hasPrefix("masque: error: worker rank "), "\(result.errorLines)")
        #expect(last.contains(" of 2 exited with status 1"), "\(last)")
    }
}
