import Foundation
import Testing
import TestSupport

/// Training's worst days, from the outside: a run killed with SIGKILL resumes from its last save
/// and takes the same steps as a run that never stopped; a truncated or corrupt save is refused
/// on load, named, and never trained on; a save that cannot be written (a file-size limit, as a
/// full disk fails a write) stops with one line and leaves the previous save intact.
@Suite struct CLITrainFaultTests {
    static func state(_ folder: TemporaryDirectory, model: String = "new_SAEHD") throws -> (iteration: Int, losses: [[Double]]) {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.file("model/\(model)/state.json"))) as? [String: Any]
        return (object?["iteration"] as? Int ?? -1, object?["lossHistory"] as? [[Double]] ?? [])
    }

    @Test func aRunKilledMidTrainingResumesAndTakesTheSameSteps() throws {
        let straight = try TemporaryDirectory("masque-kill-straight"), killed = try TemporaryDirectory("masque-kill")
        let uninterrupted = try MasqueBinary.run(try CLITrainTests.arguments(straight) + ["--iterations", "6", "--save-every", "2"])
        #expect(uninterrupted.status == 0, "\(uninterrupted.standardError)")
        let reference = try Self.state(straight).losses

        let process = Process()
        process.executableURL = try #require(MasqueBinary.url) as URL
        process.arguments = try CLITrainTests.arguments(killed) + ["--iterations", "100000", "--save-every", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning, Date() < deadline, ((try? Self.state(killed).iteration) ?? 0) < 2 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(process.isRunning, "training stopped before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let saved = try Self.state(killed).iteration
        #expect(saved >= 2 && saved % 2 == 0 && saved < 6, "the last save: iteration \(saved)")
        let resumed = try MasqueBinary.run(try CLITrainTests.arguments(killed) + ["--iterations", "\(6 - saved)", "--save-every", "2"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("resuming") && resumed.standardOutput.contains("at iteration \(saved)"))
        let losses = try Self.state(killed).losses
        #expect(losses.count == 6)
        for (a, b) in zip(reference.joined(), losses.joined()) {
            #expect(abs(a - b) <= 1e-4 * max(1, abs(a)), "\(reference) vs \(losses)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: killed.file("model").path).filter { $0.contains("masque-tmp") }
        #expect(leftovers.isEmpty, "the resumed run swept what the killed one left: \(leftovers)")
    }

    @Test(arguments: ["weights.safetensors", "optimizer.safetensors", "state.json"])
    func aTruncatedSaveIsRefusedAndNeverTrainedOn(file: String) throws {
        let folder = try TemporaryDirectory("masque-truncated")
        let first = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "1"])
        #expect(first.status == 0, "\(first.standardError)")
        let url = folder.file("model/new_SAEHD/\(file)")
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 2).write(to: url)
        let before = try Data(contentsOf: url)
        let resumed = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "1"])
        #expect(resumed.status == 1)
        #expect(resumed.errorLines.count == 1 && resumed.errorLines[0].contains(url.path), "\(resumed.standardError)")
        #expect(try Data(contentsOf: url) == before, "the damaged save is left for the user to restore, not overwritten")
    }

    @Test func aSaveThatCannotBeWrittenKeepsThePreviousOne() throws {
        let folder = try TemporaryDirectory("masque-save-fails")
        let first = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "1"])
        #expect(first.status == 0, "\(first.standardError)")
        let weights = try Data(contentsOf: folder.file("model/new_SAEHD/weights.safetensors"))
        let masque = try #require(MasqueBinary.url)
        let limitBlocks = weights.count / 1024 / 2
        let limited = try ProcessOutput.run(URL(fileURLWithPath: "/bin/bash"),
                                            ["-c", "ulimit -f \(limitBlocks); exec \"$0\" \"$@\"", masque.path]
                                                + (try CLITrainTests.arguments(folder)) + ["--iterations", "1"])
        #expect(limited.status == 1, "\(limited.standardOutput)\(limited.standardError)")
        #expect(limited.errorLines.count == 1 && limited.errorLines[0].contains("cannot save"), "\(limited.standardError)")
        #expect(try Self.state(folder).iteration == 1, "the previous save is intact")
        #expect(try Data(contentsOf: folder.file("model/new_SAEHD/weights.safetensors")) == weights)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.file("model").path).filter { $0.contains("masque-tmp") }
        #expect(leftovers.isEmpty, "the half-written save was removed: \(leftovers)")
        let again = try MasqueBinary.run(try CLITrainTests.arguments(folder) + ["--iterations", "1"])
        #expect(again.status == 0 && again.standardOutput.contains("resuming"), "\(again.standardError)")
    }
}
